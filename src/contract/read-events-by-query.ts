/**
 * read-events-by-query
 *
 * `--subscription ID`: the events steps read an existing subscription's events with a query instead of a no-op
 * update of a subscription the kit created, so that they change nothing (and run with `--read-only`).
 */
import { getOperationAST, Kind, OperationTypeNode, print, validate, visit, type GraphQLSchema } from 'graphql';
import type { ContractOperation, StepSpec } from './load-contracts.js';
import { operationCoordinates } from './operation-coordinates.js';

/**
 * The step with its operation turned into a query: `update_webhook_subscription(sentera_id:, event_types:)` becomes
 * `update_webhook_subscription: webhook_subscription(sentera_id:)` (the alias keeps every path of checks.json), the
 * event_types variable goes, and sentera_id is `subscription`.
 *
 * @throws Error when the step's operation does not read events through update_webhook_subscription (a contracts bug).
 */
export function readEventsByQuery(step: StepSpec, subscription: string, schema: GraphQLSchema): StepSpec {
  const document = visit(step.operation.document, {
    OperationDefinition(node) {
      return {
        ...node,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: node.variableDefinitions?.filter(
          (definition) => definition.variable.name.value !== 'event_types',
        ),
      };
    },
    Field(node) {
      if (node.name.value !== 'update_webhook_subscription') return undefined;
      return {
        ...node,
        alias: { kind: Kind.NAME, value: 'update_webhook_subscription' },
        name: { kind: Kind.NAME, value: 'webhook_subscription' },
        arguments: node.arguments?.filter((argument) => argument.name.value === 'sentera_id'),
      };
    },
  });
  const errors = validate(schema, document);
  const operation = getOperationAST(document);
  if (errors.length > 0 || !operation)
    throw new Error(
      `step ${step.name} cannot read events by query: ${errors.map((error) => error.message).join('; ')}`,
    );
  const { event_types: _dropped, ...variables } = step.variables;
  const read: ContractOperation = {
    name: step.operation.name,
    source: print(document),
    document,
    kind: OperationTypeNode.QUERY,
  };
  const readVariables = { ...variables, sentera_id: subscription };
  return {
    ...step,
    operation: read,
    variables: readVariables,
    coordinates: operationCoordinates(schema, document, readVariables),
  };
}
