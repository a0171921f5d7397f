import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';

// Lints snippets as if they lived at the given path, through the project's real ESLint config.
const eslint = new ESLint({ cwd: ROOT });
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'shiftguard/layers').map((m) => m.message);
}

describe('import rules of DESIGN.md', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['shared/x.ts', "import { buildApp } from '../server/app';\nexport const a = buildApp;"],
    ['shared/x.ts', "import React from 'react';\nexport const a = React;"],
    ['electron/agent/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/agent/x.ts', "import { buildApp } from '../../server/app';\nexport const a = buildApp;"],
    ['renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;"],
    ['renderer/src/x.ts', "import { runChecks } from '../../electron/agent/posture/run-checks';\nexport const a = runChecks;"],
    ['server/console/src/x.ts', "import { buildApp } from '../../app';\nexport const a = buildApp;"],
    ['server/x.ts', "import { runChecks } from '../electron/agent/posture/run-checks';\nexport const a = runChecks;"],
    ['electron/preload/x.ts', "import { runChecks } from '../agent/posture/run-checks';\nexport const a = runChecks;"],
  ])('refuses %s: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;"],
    ['electron/agent/x.ts', "import fs from 'node:fs';\nimport { DEFAULT_POLICY } from '../../shared/policy/default-policy';\nexport const a = [fs, DEFAULT_POLICY];"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { runChecks } from '../agent/posture/run-checks';\nexport const a = [app, runChecks];"],
    ['renderer/src/x.ts', "import { useState } from 'react';\nimport { IPC_CONTRACT } from '../../shared/ipc/contract';\nexport const a = [useState, IPC_CONTRACT];"],
    ['server/x.ts', "import fs from 'node:fs';\nimport { API_PREFIX } from '../shared/version';\nexport const a = [fs, API_PREFIX];"],
  ])('allows %s: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
