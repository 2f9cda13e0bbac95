// Reading back the spreadsheets the server writes: an RFC 4180 reader for
// CSV, and XLSX turned into CSV by LibreOffice, as an officer's office
// suite would open it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Convert XLSX files to CSV (UTF-8) with LibreOffice, all in one run: its
// start is slow. dir holds its profile and the converted files. It runs
// beside the event loop, not blocking it: a blocked loop cannot see the
// server close an idle keep-alive connection (after 30 s, as LibreOffice
// can take on a loaded machine), and the next request would be sent on it.
export async function xlsxToCsv(dir, files) {
  const out = join(dir, 'converted');
  mkdirSync(out, { recursive: true });
  const p = spawn('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
    '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', out, ...files],
  { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120000 });
  let stderr = '';
  p.stderr.on('data', (d) => { stderr += d; });
  const status = await new Promise((resolve) => p.on('close', resolve));
  assert.equal(status, 0, stderr);
  return files.map((f) => readFileSync(join(out, f.replace(/^.*\//, '').replace(/\.xlsx$/, '.csv')), 'utf8'));
}

// A minimal RFC 4180 reader for checking what the server wrote.
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
