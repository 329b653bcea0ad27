/** Where the project's own files (data/, models/, demo/) are, from src/ or dist/ alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, FaultlineError } from './errors.js';

let root: string | undefined;

/** The folder holding Faultline's package.json (E_FILE_UNREADABLE when there is none above the code). */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, 'cannot find the Faultline project folder (no package.json above the code)');
    dir = up;
  }
  root = dir;
  return dir;
}

/** A path inside the project folder. */
export const projectPath = (...parts: string[]): string => join(projectRoot(), ...parts);
