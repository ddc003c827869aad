// Public surface of the verdict: what redis-server does with an AOF, decided once for every operation.
export type { FileFormat, FileResult } from './file-verdict.js';
export { planFix, type FixPlan } from './fix-plan.js';
export { lossOf, type FileLoss } from './loss.js';
export { DATABASES, selectCommand, selectTarget } from './select.js';
export { aofStatus, loads, type CheckStatus } from './status.js';
export type { TransactionEvent } from './transactions.js';
