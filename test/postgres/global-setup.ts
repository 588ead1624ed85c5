import type { TestProject } from 'vitest/node';
import { assertReachable, createTemplate, dropRun, newRunPrefix } from './pg-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database of this run (PostgreSQL project only). */
    pgTemplate: string;
  }
}

/**
 * Global set-up of the PostgreSQL test project: one migrated template per run, handed to the
 * test processes, and every database of the run dropped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await assertReachable();
  const prefix = newRunPrefix();
  const template = await createTemplate(prefix);
  project.provide('pgTemplate', template);
  return () => dropRun(prefix);
}
