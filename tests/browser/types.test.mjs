// The package's types as a TypeScript user meets them: tsc --strict over sample.ts (the SDK
// page's samples, typed), with 'breakout-rooms' resolved to /work/main/pkg. Negative checks
// make sure the check cannot pass vacuously. Run: `cd /work/main && node --test tests/browser/`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const PKG = path.join(ROOT, 'pkg');
const TSC = path.join(ROOT, 'tools/node_modules/.bin/tsc');
const SAMPLE = path.join(here, 'sample.ts');
const FLAGS = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler'];

/** Runs tsc over `files` with a generated tsconfig in `dir`; resolves { code, output }. */
async function tsc(dir, files, { paths = true } = {}) {
  const config = {
    compilerOptions: {
      ...(paths ? { paths: { 'breakout-rooms': [path.join(PKG, 'index.d.ts')] } } : {}),
      types: [],
      skipLibCheck: false,
      pretty: false,
    },
    files,
  };
  const project = path.join(dir, 'tsconfig.json');
  await writeFile(project, JSON.stringify(config, null, 2));
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, '-p', project, ...FLAGS], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** `file(line,col): error TSxxxx` diagnostics as { file, line, code }. */
function diagnostics(output) {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => ({
    file: path.basename(m[1]),
    line: Number(m[2]),
    code: m[3],
  }));
}

describe('breakout-rooms types (tsc --strict)', () => {
  let tmp;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-types-'));
  });

  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('sample.ts (the seed samples, typed, plus every management method) type-checks', async () => {
    const dir = path.join(tmp, 'sample');
    await mkdir(dir);
    const { code, output } = await tsc(dir, [SAMPLE]);
    assert.equal(code, 0, output);
  });

  it('also resolves through the package.json "types" export, as an installed package', async () => {
    const dir = path.join(tmp, 'installed');
    await mkdir(path.join(dir, 'node_modules'), { recursive: true });
    await symlink(PKG, path.join(dir, 'node_modules', 'breakout-rooms'), 'dir');
    const copy = path.join(dir, 'sample.ts');
    await writeFile(copy, await readFile(SAMPLE, 'utf8'));
    const { code, output } = await tsc(dir, [copy], { paths: false });
    assert.equal(code, 0, output);
  });

  it('negative: a deliberate type error makes tsc fail, at that line', async () => {
    const dir = path.join(tmp, 'negative');
    await mkdir(dir);
    const file = path.join(dir, 'broken.ts');
    await writeFile(
      file,
      [
        "import { Features, CallClient } from 'breakout-rooms';",
        'const client = new CallClient();',
        "const agent = await client.createCallAgent({ getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }), dispose() {} });",
        "const call = agent.join({ meetingLink: 'https://example.test/m' });",
        'const mgmt = call.feature(Features.BreakoutRoomsManagement);',
        'const count: string = mgmt.revision;',
        'export {};',
        '',
      ].join('\n'),
    );
    const { code, output } = await tsc(dir, [file]);
    assert.notEqual(code, 0, 'tsc must fail');
    assert.deepEqual(diagnostics(output), [{ file: 'broken.ts', line: 6, code: 'TS2322' }], output);
  });

  it("negative: an unmet @ts-expect-error fails too, so sample.ts's expectations are checked", async () => {
    const dir = path.join(tmp, 'unused-expect-error');
    await mkdir(dir);
    const file = path.join(dir, 'sample.ts');
    const source = await readFile(SAMPLE, 'utf8');
    const marker = 'const threadId: string = breakoutRoom.threadId;';
    assert.ok(source.includes(marker));
    await writeFile(file, source.replace(marker, `// @ts-expect-error\n  ${marker}`));
    const { code, output } = await tsc(dir, [file]);
    assert.notEqual(code, 0, 'tsc must fail');
    const found = diagnostics(output);
    assert.equal(found.length, 1, output);
    assert.equal(found[0].code, 'TS2578', output); // Unused '@ts-expect-error' directive.
  });

  it("the seed's typed 'Breakout room properties' and settings samples: every type they name is exported", async () => {
    // Verbatim from the SDK page, with only the import added. The SDK's own typings declare
    // displayName, autoMoveParticipantToBreakoutRoom, call, invitees, disableReturnToMainMeeting
    // and roomEndTime optional, and so do ours: under --strict those assignments are TS2322
    // with either package. Anything else (a type the seed names but we do not export) fails.
    const dir = path.join(tmp, 'seed-properties');
    await mkdir(dir);
    const file = path.join(dir, 'properties.ts');
    const lines = [
      "import type { BreakoutRoom, BreakoutRoomsSettings, BreakoutRoomState, Call, TeamsCall, Invitee, TimestampInfo } from 'breakout-rooms';",
      'declare const breakoutRoom: BreakoutRoom;',
      'declare const breakoutRoomsSettings: BreakoutRoomsSettings;',
      'const displayName : string = breakoutRoom.displayName;',
      'const threadId : string = breakoutRoom.threadId;',
      'const state : BreakoutRoomState = breakoutRoom.state;',
      'const autoMoveParticipantToBreakoutRoom : boolean = breakoutRoom.autoMoveParticipantToBreakoutRoom;',
      'const call : Call | TeamsCall = breakoutRoom.call;',
      'const invitees : Invitee[] = breakoutRoom.invitees;',
      'const disableReturnToMainMeeting : boolean = breakoutRoomsSettings.disableReturnToMainMeeting;',
      'const roomEndTime : TimestampInfo = breakoutRoomsSettings.roomEndTime;',
      'export {};',
      '',
    ];
    await writeFile(file, lines.join('\n'));
    const { output } = await tsc(dir, [file]);
    const optionalInTheSdk = new Set([4, 7, 8, 9, 10, 11]); // 1-based lines
    const unexpected = diagnostics(output).filter((d) => !optionalInTheSdk.has(d.line) || d.code !== 'TS2322');
    const shown = unexpected.map((d) => `line ${d.line} ${d.code}: ${lines[d.line - 1]}`).join('\n');
    assert.deepEqual(unexpected, [], `${shown}\n\n${output}`);
    // threadId and state are required, in the SDK's typings and ours
    assert.ok(!diagnostics(output).some((d) => d.line === 5 || d.line === 6), output);
  });
});
