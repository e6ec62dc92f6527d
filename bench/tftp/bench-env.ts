/** What every measuring step needs, handed down from main.ts. */
import type { BenchConfig } from './config.js';
import type { ProcessRegistry } from './processes.js';
import type { ToolPaths } from './tools.js';
import type { Workspace } from './workspace.js';

export interface BenchEnv {
  config: BenchConfig;
  registry: ProcessRegistry;
  tools: ToolPaths;
  ws: Workspace;
  /** One line of progress (stderr). */
  progress: (line: string) => void;
}
