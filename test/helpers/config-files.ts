// For the configuration tests: a temporary folder of temporal.yaml files (one of them empty: the
// defaults, whatever the working folder holds), and the sentence a ConfigError says.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ConfigError } from '../../app/config.ts';

export interface ConfigFolder {
  dir: string;
  /** A configuration file with nothing in it. */
  empty: string;
  /** Writes `text` as `name` in the folder and returns its path. */
  yaml(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function configFolder(prefix: string): Promise<ConfigFolder> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const yaml = async (name: string, text: string) => {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  };
  return { dir, empty: await yaml('empty.yaml', ''), yaml, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The message of the ConfigError `run` throws (it fails the test when there is none). */
export function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}
