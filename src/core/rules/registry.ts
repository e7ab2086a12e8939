// Every diagnostic rule, in catalogue order. Add a rule here when you add its module.

import type { RuleDefinition } from './types';

export const allRules: readonly RuleDefinition[] = [];
