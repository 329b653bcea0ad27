/** Where the project's own files (data/, models/, demo/) are, from src/ or dist/ alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding Faultline's package.json. */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Faultline project folder (no package.json above the code)');
    dir = up;
  }
  root = dir;
  return dir;
}

/** A path inside the project folder. */
export const projectPath = (...parts: string[]): string => join(projectRoot(), ...parts);
