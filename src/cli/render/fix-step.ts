// What `aof fix` did, in the shape both of its renderers (human and JSON) take.

import type { CheckReport, FixPlan } from '../../ops/check.js';
import type { FixOutcome } from '../../ops/fix.js';

export type TruncatePlan = Extract<FixPlan, { action: 'truncate' }>;
export type RefusedPlan = Extract<FixPlan, { action: 'refused' }>;

/** How a fix ended. */
export type FixStep =
  | { readonly step: 'none' }
  | { readonly step: 'refused'; readonly plan: RefusedPlan }
  | { readonly step: 'dry-run'; readonly plan: TruncatePlan; readonly backup: string | null }
  | { readonly step: 'aborted'; readonly plan: TruncatePlan }
  | { readonly step: 'truncated'; readonly outcome: FixOutcome; readonly validAfter: boolean };

/** Text for each moment of a fix; '' where a format says nothing then. */
export interface FixRenderer {
  /** First: the check's verdict on the path. */
  checked(report: CheckReport): Promise<string>;
  /** The plan, shown before the question whether to apply it. */
  planned(plan: TruncatePlan, backup: string | null): string;
  /** Last: what happened. */
  finished(path: string, step: FixStep): string;
}
