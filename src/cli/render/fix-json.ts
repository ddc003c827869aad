// `aof fix --json`: nothing along the way, then one object saying what happened.

import type { FixRenderer, FixStep } from './fix-step.js';

interface FixJson {
  path: string;
  action: 'truncated' | 'none' | 'refused' | 'planned';
  file: string | null;
  from: number | null;
  to: number | null;
  backup: string | null;
  reason?: string;
  validAfter?: boolean;
}

function outcomeJson(path: string, s: FixStep): FixJson {
  switch (s.step) {
    case 'none':
      return { path, action: 'none', file: null, from: null, to: null, backup: null };
    case 'refused':
      return { path, action: 'refused', file: s.plan.file, from: null, to: null, backup: null, reason: s.plan.reason };
    case 'dry-run':
      return { path, action: 'planned', file: s.plan.file, from: s.plan.from, to: s.plan.to, backup: s.backup };
    case 'aborted':
      return { path, action: 'refused', file: s.plan.file, from: s.plan.from, to: s.plan.to, backup: null, reason: 'not confirmed' };
    case 'truncated': {
      const { file, from, to, backup } = s.outcome;
      return { path, action: 'truncated', file, from, to, backup, validAfter: s.validAfter };
    }
  }
}

export const fixJson: FixRenderer = {
  checked: async () => '',
  planned: () => '',
  finished: (path, step) => JSON.stringify(outcomeJson(path, step)) + '\n',
};
