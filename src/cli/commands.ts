/**
 * commands
 *
 * The registry of subcommands: add a command here and it appears in `sentera-mock --help`.
 */
import { checkReceiverCommand } from './check-receiver-command.js';
import type { Command } from './command.js';
import { deliveriesCommand } from './deliveries-command.js';
import { redeliverCommand } from './redeliver-command.js';
import { contractCommand } from './contract-command.js';
import { seedCommand } from './seed-command.js';
import { serveCommand } from './serve-command.js';
import { triggerCommand } from './trigger-command.js';

/** Every subcommand, in the order --help lists them. */
export const commands: readonly Command[] = [serveCommand, triggerCommand, seedCommand, contractCommand, checkReceiverCommand, deliveriesCommand, redeliverCommand];
