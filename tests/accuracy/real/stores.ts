// Layouts copied from real public repositories (see each scenario's `source`), labelled file by
// file as a careful reviewer would. Helpers for content live in ../scenarios.ts.
import type { Scenario } from '../scenarios.js';

export const REAL_STORES: Scenario[] = [];
