/**
 * sentera-mock/contract: the contract kit, to check a Sentera-compatible endpoint (the real API or a mock) against
 * the documented contract. It depends only on fetch and the schema.
 */
export { contractChecks, selectChecks } from './contract-checks.js';
export type { ContractChecks, ContractOptions } from './contract-checks.js';
export { runContract } from './run-contract.js';
export type { ContractReport, ContractRun, RunContractOptions } from './run-contract.js';
export { loadContracts } from './load-contracts.js';
export type { Contracts, LoadContractsOptions } from './load-contracts.js';
export { CONTRACT_LAYERS } from './contract-check.js';
export type {
  CheckLevel,
  CheckName,
  CheckStatus,
  ContractCheck,
  ContractFailure,
  ContractLayer,
  ContractResult,
} from './contract-check.js';
export type { CleanupReport } from './create-step-runner.js';
export { DEFAULT_SCALAR_RULES, validateResponse } from './validate-response.js';
export type { ScalarRule, ValidateResponseOptions } from './validate-response.js';
export { renderCleanup, renderPretty, renderResult } from './render-pretty.js';
export { renderJson } from './render-json.js';
export { renderJunit } from './render-junit.js';
