import { readFileSync } from 'node:fs';
import type { CommandName } from '../../shared/protocol/commands.ts';

const PROTOCOL_DOC = new URL('../../docs/PROTOCOL.md', import.meta.url);

/**
 * The example payload docs/PROTOCOL.md gives for a command: the first ```json block under its
 * "### `name`" heading. The doc is read on every call, so tests always use the examples people read.
 */
export function examplePayload(name: CommandName): unknown {
  const lines = readFileSync(PROTOCOL_DOC, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `### \`${name}\``);
  if (start === -1) throw new Error(`docs/PROTOCOL.md has no "### \`${name}\`" section`);
  const section = lines.slice(start + 1);
  const sectionEnd = section.findIndex((line) => /^#{1,3} /.test(line));
  const body = sectionEnd === -1 ? section : section.slice(0, sectionEnd);
  const open = body.findIndex((line) => line.trim() === '```json');
  const close = body.findIndex((line, index) => index > open && line.trim() === '```');
  if (open === -1 || close === -1) throw new Error(`docs/PROTOCOL.md gives no \`\`\`json example for ${name}`);
  const json = body.slice(open + 1, close).join('\n');
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new Error(`the example payload of ${name} in docs/PROTOCOL.md is not JSON: ${(error as Error).message}`);
  }
}
