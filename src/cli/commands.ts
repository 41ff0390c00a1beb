/**
 * commands
 *
 * The registry of subcommands: add a command here and it appears in `sentera-mock --help`. Names and summaries are
 * known here; a command's module (and what it imports: the server, the contract kit...) loads only when it runs, so
 * `--help` and one command never pay for the others.
 */
import type { Command } from './command.js';

/**
 * A subcommand as the registry knows it before it is loaded.
 *
 * @category CLI
 */
export interface CommandEntry {
  readonly name: string;
  /** One line for the list of commands (the same as the loaded command's `summary`). */
  readonly summary: string;
  /** Imports the command's module. */
  load(): Promise<Command>;
}

/** Every subcommand, in the order --help lists them. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'serve the mock GraphQL endpoint on localhost',
    load: async () => (await import('./serve-command.js')).serveCommand,
  },
  {
    name: 'trigger',
    summary: 'emit an event in a running mock and show its deliveries',
    load: async () => (await import('./trigger-command.js')).triggerCommand,
  },
  {
    name: 'seed',
    summary: "create a scenario's subscriptions (and, in a mock, events) idempotently",
    load: async () => (await import('./seed-command.js')).seedCommand,
  },
  {
    name: 'contract',
    summary: 'check that an endpoint returns the documented fields and types',
    load: async () => (await import('./contract-command.js')).contractCommand,
  },
  {
    name: 'check-receiver',
    summary: 'check that your webhook receiver verifies, acknowledges and rejects deliveries as it should',
    load: async () => (await import('./check-receiver-command.js')).checkReceiverCommand,
  },
  {
    name: 'deliveries',
    summary: "list a running mock's webhook deliveries and their attempts",
    load: async () => (await import('./deliveries-command.js')).deliveriesCommand,
  },
  {
    name: 'redeliver',
    summary: 'send an event again to its subscriptions in a running mock',
    load: async () => (await import('./redeliver-command.js')).redeliverCommand,
  },
];
