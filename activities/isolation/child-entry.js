// The entry point of a document process (pool.ts forks it): the sources are TypeScript, which
// tsx compiles on load, as for the command itself (cli/baocao.js).
import { register } from 'tsx/esm/api';

register();
await import('./child.ts');
