import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';

describe('the command registry', () => {
  it.each(commands.map((entry) => [entry.name, entry] as const))(
    'lists %s with the name and summary of the command it loads',
    async (_name, entry) => {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
    },
  );
});
