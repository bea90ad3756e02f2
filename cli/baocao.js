#!/usr/bin/env node
// The published entry point. The sources are TypeScript; tsx compiles them on load so a
// fresh clone runs without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
