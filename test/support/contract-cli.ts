import { runCommand } from './cli.js';

/** A check as the json reporter writes it. */
export interface JsonCheck {
  id: string;
  name: string;
  layer: string;
  status: 'ok' | 'error' | 'warn' | 'notice' | 'skip';
  reason?: string;
  failures: Array<{ path: string; expected: string; actual: string }>;
}

/** The json reporter's document. */
interface JsonReport {
  endpoint: string;
  read_only: boolean;
  passed: boolean;
  summary: Record<'total' | 'ok' | 'error' | 'warn' | 'notice' | 'skip', number>;
  checks: JsonCheck[];
  cleanup: { created: string[]; deleted: string[]; left: string[]; problem?: string };
}

/** Runs `sentera-mock contract …` in-process; returns the exit code and what it printed. */
export function runContractCli(args: readonly string[], env: Record<string, string | undefined> = {}) {
  return runCommand(['contract', ...args], env);
}

/** Runs the contract with the json reporter and parses the report. */
export async function runContractJson(
  endpoint: string,
  args: readonly string[] = [],
  env: Record<string, string | undefined> = {},
) {
  const { code, stdout, stderr } = await runContractCli(['--endpoint', endpoint, '--reporter', 'json', ...args], env);
  if (code === 2) throw new Error(`contract exited 2: ${stderr}`);
  const report = JSON.parse(stdout) as JsonReport;
  const withStatus = (status: JsonCheck['status']) =>
    report.checks.filter((check) => check.status === status).map((check) => check.id);
  return {
    code,
    report,
    stderr,
    errors: withStatus('error'),
    warnings: withStatus('warn'),
    notices: withStatus('notice'),
    skipped: withStatus('skip'),
    check: (id: string) => report.checks.find((check) => check.id === id),
  };
}
