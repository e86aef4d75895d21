import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply } from '../core/reply.js';
import { renderTimelinePng } from '../render/timeline-png.js';

/** The console's way to attach a timeline picture: a PNG file in a fresh temporary folder, and the line naming it. */
export function savePicture(reply: Reply): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dateline-')), 'timeline.png');
  writeFileSync(path, renderTimelinePng({ ...reply, text: undefined }));
  return `  Picture: ${path}\n`;
}
