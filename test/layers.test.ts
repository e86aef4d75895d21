// The platform-free core stays platform-free: nothing under src/core imports the feed reader, a chat platform,
// the web server, the CLI or the module that wires them together (they import core, never the other way).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const ABOVE_CORE = ['feeds', 'discord', 'slack', 'console', 'web', 'cli', 'health', 'app.ts', 'app.js'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []);
}

test('src/core imports nothing from the layers above it', () => {
  const files = sourceFiles(join(src, 'core'));
  assert.ok(files.length > 20);
  const upward: string[] = [];
  for (const file of files) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
      if (!specifier!.startsWith('.')) continue;
      const target = relative(src, resolve(dirname(file), specifier!)).split(/[\\/]/)[0]!;
      if (ABOVE_CORE.includes(target)) upward.push(`${relative(src, file)} → ${specifier}`);
    }
  }
  assert.deepEqual(upward, [], `core imports upward:\n${upward.join('\n')}`);
});
