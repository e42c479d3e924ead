/**
 * Static policy for the Dockerfile: no Docker engine exists on the build machines, so the image cannot be
 * built in CI. These checks parse the Dockerfile (dockerfile-ast), run dockerfile-utils' linter, and pin the
 * properties the deployment relies on (non-root runtime, reproducible installs, health check, exec-form CMD,
 * no secrets in the build context).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Copy, DockerfileParser, From, Instruction } from 'dockerfile-ast';
import { validate, ValidationSeverity, ValidatorSettings } from 'dockerfile-utils';

const root = join(__dirname, '..', '..');
const source = readFileSync(join(root, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(root, '.dockerignore'), 'utf8');
const dockerfile = DockerfileParser.parse(source);

/** LSP DiagnosticSeverity.Error. */
const DIAGNOSTIC_ERROR = 1;
const SECRET_PATH = /(^|\/)\.env|secret|credential|\.pem$|\.key$|\.p12$|id_rsa|\.npmrc$/i;

interface Stage {
  from: From;
  name: string | null;
  instructions: Instruction[];
}

/** The instructions grouped by build stage, in file order. */
function stages(): Stage[] {
  const result: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      result.push({ from: instruction, name: instruction.getBuildStage(), instructions: [] });
    } else if (result.length > 0) {
      result[result.length - 1].instructions.push(instruction);
    }
  }
  return result;
}

const allStages = stages();
const finalStage = allStages[allStages.length - 1];
const stageNames = new Set(allStages.map((s) => s.name?.toLowerCase()));
/** Whether an image reference (FROM x, COPY --from=x) names a build stage of this Dockerfile. */
const isStage = (name: string | null | undefined): boolean =>
  name != null && stageNames.has(name.toLowerCase());

const keyword = (i: Instruction): string => i.getKeyword().toUpperCase();
const ofKind = (list: Instruction[], kind: string): Instruction[] => list.filter((i) => keyword(i) === kind);
const runs = dockerfile.getInstructions().filter((i) => keyword(i) === 'RUN');

function copySources(copy: Copy): { from: string | null; sources: string[] } {
  const from =
    copy
      .getFlags()
      .find((f) => f.getName() === 'from')
      ?.getValue() ?? null;
  const json = copy.getJSONStrings();
  const args =
    json.length > 0 ? json.map((a) => a.getJSONValue()) : copy.getArguments().map((a) => a.getValue());
  return { from, sources: args.slice(0, -1) };
}

const copies = dockerfile.getCOPYs().map((c) => copySources(c));
const contextCopies = copies.filter((c) => c.from === null);

describe('Dockerfile', () => {
  it('passes dockerfile-utils validation with every check raised to error', () => {
    const strict: ValidatorSettings = {
      deprecatedMaintainer: ValidationSeverity.ERROR,
      directiveCasing: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionCasing: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
    };
    const errors = validate(source, strict).filter((d) => d.severity === DIAGNOSTIC_ERROR);
    expect(
      errors.map(
        (d) =>
          `line ${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
      ),
    ).toEqual([]);
  });

  it('is multi-stage with named stages and a separate runtime stage', () => {
    expect(allStages.length).toBeGreaterThanOrEqual(3);
    for (const stage of allStages) expect(stage.name).toBeTruthy();
    // The runtime stage starts from a clean base image, not from a stage that holds the toolchain.
    expect(isStage(finalStage.from.getImageName())).toBe(false);
  });

  it('pins every base image to a tag or digest, never latest', () => {
    const external = allStages.map((s) => s.from).filter((f) => !isStage(f.getImageName()));
    expect(external.length).toBeGreaterThan(0);
    for (const from of external) {
      expect(from.getImageTag() ?? from.getImageDigest()).toBeTruthy();
      expect(from.getImageTag()).not.toBe('latest');
      expect(from.getImage()).toMatch(/^node:20(\.\d+)*-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    }
  });

  it('copies only from stages that exist', () => {
    for (const c of copies.filter((x) => x.from !== null)) {
      expect(isStage(c.from)).toBe(true);
    }
  });

  it('installs with npm ci, never npm install', () => {
    const commands = runs.map((r) => r.getArgumentsContent() ?? '');
    expect(commands.some((c) => /\bnpm ci\b/.test(c))).toBe(true);
    expect(commands.some((c) => /\bnpm ci\b[^&;|]*--omit=dev/.test(c))).toBe(true);
    for (const c of commands) expect(c).not.toMatch(/\bnpm (install|i|add)\b/);
  });

  it('builds better-sqlite3 with python3, make and g++ available', () => {
    const toolchain = runs
      .map((r) => r.getArgumentsContent() ?? '')
      .find((c) => c.includes('apt-get install'));
    expect(toolchain).toBeDefined();
    for (const pkg of ['python3', 'make', 'g++']) expect(toolchain?.split(/\s+/)).toContain(pkg);
  });

  it('runs the final stage as a non-root user', () => {
    const users = ofKind(finalStage.instructions, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = (users[users.length - 1].getArgumentsContent() ?? '').split(':')[0].trim();
    expect(['', 'root', '0']).not.toContain(user);
  });

  it('runs in production mode and exposes port 3000', () => {
    const env = ofKind(finalStage.instructions, 'ENV').map((e) => e.getArgumentsContent() ?? '');
    expect(env.join(' ')).toMatch(/\bNODE_ENV=production\b/);
    const exposed = ofKind(finalStage.instructions, 'EXPOSE').map((e) => e.getArgumentsContent()?.trim());
    expect(exposed).toContain('3000');
  });

  it('ships only dist, production node_modules and package.json in the runtime stage', () => {
    const finalCopies = ofKind(finalStage.instructions, 'COPY').map((c) => copySources(c as Copy));
    const shipped = finalCopies.flatMap((c) => c.sources.map((s) => `${c.from ?? 'context'}:${s}`)).sort();
    expect(shipped).toEqual(['build:/app/dist', 'context:package.json', 'prod-deps:/app/node_modules']);
    expect(ofKind(finalStage.instructions, 'ADD')).toEqual([]);
  });

  it('makes /app/data writable by the node user for the SQLite default', () => {
    const commands = ofKind(finalStage.instructions, 'RUN').map((r) => r.getArgumentsContent() ?? '');
    expect(commands.some((c) => /chown\s+(-R\s+)?node(:node)?\s+\/app\/data\b/.test(c))).toBe(true);
  });

  it('has a HEALTHCHECK that calls /health/live with node', () => {
    const checks = ofKind(finalStage.instructions, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const content = checks[0].getArgumentsContent() ?? '';
    expect(content).not.toMatch(/^\s*NONE\b/i);
    expect(content).toMatch(/CMD\s*\[\s*"node"/);
    expect(content).toContain('http://127.0.0.1:');
    expect(content).toContain('/health/live');
  });

  it('starts the server with an exec-form CMD', () => {
    const cmds = dockerfile.getCMDs();
    expect(cmds).toHaveLength(1);
    const cmd = cmds[0];
    expect(cmd.getOpeningBracket()).not.toBeNull();
    expect(cmd.getJSONStrings().map((a) => a.getJSONValue())).toEqual(['node', 'dist/src/main.js']);
    expect(finalStage.instructions).toContain(cmds[0]);
  });

  it('copies no secrets and not the whole build context', () => {
    for (const c of contextCopies) {
      for (const s of c.sources) {
        expect(s).not.toMatch(SECRET_PATH);
        expect(['.', './', '*', '/']).not.toContain(s);
      }
    }
    expect(dockerfile.getInstructions().filter((i) => keyword(i) === 'ADD')).toEqual([]);
  });

  it('bakes no credentials into ENV or ARG', () => {
    const declared = dockerfile
      .getInstructions()
      .filter((i) => ['ENV', 'ARG'].includes(keyword(i)))
      .map((i) => i.getArgumentsContent() ?? '');
    for (const d of declared) expect(d).not.toMatch(/(PASSWORD|TOKEN|SECRET|API_KEY)\w*\s*=/i);
  });
});

describe('.dockerignore', () => {
  const rules = dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

  it('denies everything by default', () => {
    expect(rules[0]).toBe('**');
  });

  it('never re-includes secrets, data, VCS metadata or local node_modules', () => {
    for (const rule of rules.filter((r) => r.startsWith('!'))) {
      expect(rule).not.toMatch(SECRET_PATH);
      expect(rule).not.toMatch(/node_modules|^!\.git|^!data|^!dist/);
    }
  });

  it('re-includes every path the Dockerfile copies from the context', () => {
    const included = rules.filter((r) => r.startsWith('!')).map((r) => r.slice(1).replace(/\/+$/, ''));
    for (const c of contextCopies) {
      for (const s of c.sources) {
        const path = s.replace(/^\.\//, '').replace(/\/+$/, '');
        expect({ path, included: included.some((i) => path === i || path.startsWith(`${i}/`)) }).toEqual({
          path,
          included: true,
        });
      }
    }
  });
});
