/**
 * operation-coordinates
 *
 * The schema coordinates an operation depends on: every field and argument it selects or passes, the types of its
 * variables and fragments, the input fields and enum values it sends (in literals and in variable values). When the
 * endpoint lacks or changed one of them, the operation cannot be judged against schema.graphql.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The coordinates (`Type`, `Type.field`, `Type.field.argument`, `Input.field`, `Enum.VALUE`) that `document` uses
 * with `variables` (whose unresolved references are ignored), sorted.
 */
export function operationCoordinates(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> = {},
): readonly string[] {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && node.name.value !== '__typename') found.add(`${parent.name}.${node.name.value}`);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field) found.add(`${parent.name}.${field.name}.${node.name.value}`);
      },
      ObjectField(node) {
        const input = typeInfo.getParentInputType();
        const named = input ? getNamedType(input) : undefined;
        if (named && isInputObjectType(named)) found.add(`${named.name}.${node.name.value}`);
      },
      EnumValue(node) {
        const input = typeInfo.getInputType();
        const named = input ? getNamedType(input) : undefined;
        if (named && isEnumType(named)) found.add(`${named.name}.${node.value}`);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type as never) as GraphQLInputType | undefined;
        if (!type) return;
        found.add(getNamedType(type).name);
        const value = variables[node.variable.name.value];
        if (value !== undefined) addValue(type, value, found);
      },
      InlineFragment(node) {
        if (node.typeCondition) found.add(node.typeCondition.name.value);
      },
      FragmentDefinition(node) {
        found.add(node.typeCondition.name.value);
      },
    }),
  );
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      const root = schema.getRootType(definition.operation);
      if (root) found.add(root.name);
    }
  }
  return [...found].sort();
}

function addValue(type: GraphQLInputType, value: unknown, found: Set<string>): void {
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return;
  if (isListType(nullable)) {
    for (const item of Array.isArray(value) ? value : [value]) addValue(nullable.ofType, item, found);
    return;
  }
  if (isEnumType(nullable) && typeof value === 'string') {
    found.add(`${nullable.name}.${value}`);
    return;
  }
  if (isInputObjectType(nullable) && typeof value === 'object' && !Array.isArray(value)) {
    const fields = nullable.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      // Unresolved references of checks.json ({ $step }, { $page_size }...) are not input fields.
      if (key.startsWith('$')) return;
      const field = fields[key];
      found.add(`${nullable.name}.${key}`);
      if (field) addValue(field.type, item, found);
    }
  }
}

/**
 * Whether a change at schema path `changed` touches `used`: the same coordinate, or one inside it (a type whose kind
 * changed touches its fields).
 */
export function touches(changed: string, used: string): boolean {
  return used === changed || used.startsWith(`${changed}.`);
}
