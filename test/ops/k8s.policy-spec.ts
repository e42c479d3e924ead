/**
 * Static policy for the Kustomize manifests in k8s/. No cluster exists on the build machines, so the
 * manifests are parsed (yaml), rendered by a small Kustomize subset written here (resources, patches as map
 * merges, labels, images, replicas, namespace), validated against the Kubernetes schemas
 * (kubernetes-models), and held to the deployment policy. Where `kubectl` is installed, its own
 * `kubectl kustomize` output must equal ours, which keeps the subset honest; without kubectl that one check
 * is skipped and nothing else depends on it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job, type IJob } from 'kubernetes-models/batch/v1/Job';
import {
  PodDisruptionBudget,
  type IPodDisruptionBudget,
} from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

const root = join(__dirname, '..', '..');
const k8sDir = join(root, 'k8s');

type Json = Record<string, unknown>;
interface Manifest extends Json {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}
interface Kustomization {
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: unknown }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  replicas?: { name: string; count: number }[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  namespace?: string;
}

/** The kinds the manifests may contain, each with the model that validates it. A new kind needs an entry. */
const models: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'batch/v1/Job': Job,
};

/** Every variable the app reads (README / spec/API.md §9). Anything else in a manifest is a typo. */
const KNOWN_ENV = new Set([
  'PORT',
  'HOST',
  'ADMIN_TOKEN',
  'DB_TYPE',
  'DB_HOST',
  'DB_PORT',
  'DB_USER',
  'DB_PASSWORD',
  'DB_NAME',
  'PUBLIC_BASE_URL',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'MIGRATIONS_RUN',
]);
const SECRET_ENV = ['ADMIN_TOKEN', 'DB_PASSWORD'];
const SECRET_NAME = /TOKEN|PASSWORD|SECRET|_KEY$|^DB_URL$/;
const MIGRATION_COMMAND = ['node', 'node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/ormconfig.js'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

function loadYaml(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  return list.map((doc) => doc.toJS() as unknown).filter((value) => value != null);
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kustomizationFile(dir: string): string {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => join(dir, name))
    .find((path) => existsSync(path));
  if (file === undefined) throw new Error(`${dir} has no kustomization.yaml`);
  return file;
}

function loadKustomization(dir: string): Kustomization {
  return loadYaml(kustomizationFile(dir))[0] as Kustomization;
}

/** Maps merge key by key; anything else (lists included) is replaced. Our patches only touch maps. */
function merge(target: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isRecord(current) && isRecord(value)) merge(current, value);
    else target[key] = structuredClone(value);
  }
}

function podSpec(manifest: Manifest): IPodSpec | undefined {
  if (manifest.kind === 'Deployment') return (manifest as unknown as IDeployment).spec?.template.spec;
  if (manifest.kind === 'Job') return (manifest as unknown as IJob).spec?.template.spec;
  return undefined;
}

function containersOf(manifest: Manifest): IContainer[] {
  const spec = podSpec(manifest);
  return spec === undefined ? [] : [...(spec.initContainers ?? []), ...spec.containers];
}

/** Splits `registry/name:tag@digest` into its parts. */
function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash)
    return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { name: withoutDigest, digest };
}

/** The Kustomize subset these manifests use; anything beyond it fails loudly instead of rendering wrongly. */
function render(dir: string): Manifest[] {
  const k = loadKustomization(dir);
  const objects: Manifest[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) objects.push(...render(path));
    else objects.push(...(loadYaml(path) as Manifest[]));
  }
  for (const p of k.patches ?? []) {
    if (p.path === undefined || p.target !== undefined)
      throw new Error(`${dir}: only file patches are supported`);
    for (const patch of loadYaml(resolve(dir, p.path)) as Manifest[]) {
      const target = objects.find((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (target === undefined) throw new Error(`${dir}/${p.path}: no ${patch.kind} ${patch.metadata.name}`);
      merge(target, patch);
    }
  }
  for (const l of k.labels ?? []) {
    if (l.includeSelectors === true || l.includeTemplates === true)
      throw new Error('selector labels unsupported');
    for (const o of objects) o.metadata.labels = { ...o.metadata.labels, ...l.pairs };
  }
  for (const r of k.replicas ?? []) {
    const target = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === r.name);
    if (target === undefined) throw new Error(`${dir}: replicas for unknown ${r.name}`);
    (target as unknown as IDeployment).spec!.replicas = r.count;
  }
  for (const image of k.images ?? []) {
    for (const container of objects.flatMap(containersOf)) {
      const current = parseImage(container.image ?? '');
      if (current.name !== image.name) continue;
      const name = image.newName ?? current.name;
      if (image.digest !== undefined) container.image = `${name}@${image.digest}`;
      else {
        const tag = image.newTag ?? current.tag;
        container.image = `${name}${tag === undefined ? '' : `:${tag}`}`;
      }
    }
  }
  if (k.namespace !== undefined) for (const o of objects) o.metadata.namespace = k.namespace;
  return objects;
}

function one<T>(objects: Manifest[], kind: string): T {
  const found = objects.filter((o) => o.kind === kind);
  expect(found.map((o) => `${o.kind}/${o.metadata.name}`)).toHaveLength(1);
  return found[0] as unknown as T;
}

/** Whether every label of `selector` is on the pod template. */
function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return (
    selector !== undefined &&
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels?.[k] === v)
  );
}

const kustomizationDirs = yamlFiles(k8sDir)
  .filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f))
  .map((f) => dirname(f));

describe('k8s manifests (files)', () => {
  it('has a base and a production overlay', () => {
    const dirs = kustomizationDirs.map((d) => relative(k8sDir, d)).sort();
    expect(dirs).toEqual(['base', 'overlays/production']);
  });

  it.each(yamlFiles(k8sDir).map((f) => relative(root, f)))('%s parses as YAML with unique keys', (file) => {
    expect(loadYaml(join(root, file)).length).toBeGreaterThan(0);
  });

  it.each(kustomizationDirs.map((d) => relative(root, d)))(
    '%s lists only resources and patches that exist',
    (dir) => {
      const k = loadKustomization(join(root, dir));
      const paths = [...(k.resources ?? []), ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : []))];
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        expect({ path, exists: existsSync(resolve(root, dir, path)) }).toEqual({ path, exists: true });
      }
    },
  );

  it('uses every YAML file (no orphan that someone believes is deployed)', () => {
    const used = new Set<string>();
    for (const dir of kustomizationDirs) {
      const k = loadKustomization(dir);
      used.add(kustomizationFile(dir));
      for (const r of k.resources ?? []) used.add(resolve(dir, r));
      for (const p of k.patches ?? []) if (p.path) used.add(resolve(dir, p.path));
    }
    const orphans = yamlFiles(k8sDir).filter((f) => !used.has(f));
    expect(orphans.map((f) => relative(root, f))).toEqual([]);
  });

  it('contains no Secret objects and no literal secret values anywhere', () => {
    for (const file of yamlFiles(k8sDir)) {
      for (const doc of loadYaml(file)) {
        expect(isRecord(doc) && doc.kind === 'Secret').toBe(false);
      }
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/^\s*(ADMIN_TOKEN|DB_PASSWORD|DB_URL)\s*:/m);
      expect(text).not.toMatch(/secretGenerator|stringData/);
    }
  });
});

const targets = [
  { dir: 'k8s/base', replicas: 2, dbType: 'mariadb', minAvailable: 1 },
  { dir: 'k8s/overlays/production', replicas: 3, dbType: 'mysql', minAvailable: 2 },
];

describe.each(targets)('$dir rendered', ({ dir, replicas, dbType, minAvailable }) => {
  const objects = render(join(root, dir));
  const deployment = one<IDeployment>(objects, 'Deployment');
  const job = one<IJob>(objects, 'Job');
  const configMap = one<IConfigMap>(objects, 'ConfigMap');
  const service = one<IService>(objects, 'Service');
  const hpa = one<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
  const pdb = one<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
  const workloads = objects.filter((o) => podSpec(o) !== undefined);
  const pod = deployment.spec!.template.spec!;
  const server = pod.containers[0];
  const podLabels = deployment.spec!.template.metadata?.labels;

  it.each(objects.map((o) => [`${o.apiVersion}/${o.kind}/${o.metadata.name}`, o] as const))(
    '%s validates against the Kubernetes schema',
    (key, manifest) => {
      const Model = models[`${manifest.apiVersion}/${manifest.kind}`];
      expect({ key, known: Model !== undefined }).toEqual({ key, known: true });
      const { apiVersion: _v, kind: _k, ...data } = manifest;
      expect(() => new Model(data as never).validate()).not.toThrow();
    },
  );

  it('agrees with `kubectl kustomize` where kubectl is installed', () => {
    const kubectl = spawnSync('kubectl', ['kustomize', join(root, dir)], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (kubectl.error !== undefined) {
      // No kubectl on this machine: the subset renderer above stands alone.
      expect((kubectl.error as NodeJS.ErrnoException).code).toBe('ENOENT');
      return;
    }
    expect(kubectl.stderr).toBe('');
    expect(kubectl.status).toBe(0);
    const key = (o: Manifest): string => `${o.kind}/${o.metadata.name}`;
    const theirs = parseAllDocuments(kubectl.stdout)
      .map((d) => d.toJS() as Manifest)
      .sort((a, b) => key(a).localeCompare(key(b)));
    const ours = [...objects].sort((a, b) => key(a).localeCompare(key(b)));
    expect(theirs).toEqual(ours);
  });

  it(`runs ${replicas} server replicas, and the HPA floor matches`, () => {
    expect(deployment.spec?.replicas).toBe(replicas);
    expect(hpa.spec?.minReplicas).toBe(replicas);
    expect(hpa.spec?.maxReplicas).toBeGreaterThan(replicas);
  });

  it('probes readiness on /health/ready and liveness on /health/live, on the http port', () => {
    expect(server.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(server.livenessProbe?.httpGet?.path).toBe('/health/live');
    const ports = server.ports ?? [];
    for (const probe of [server.readinessProbe, server.livenessProbe, server.startupProbe]) {
      if (probe === undefined) continue;
      const port = probe.httpGet?.port;
      expect(ports.some((p) => p.name === port || p.containerPort === port)).toBe(true);
    }
    expect(ports.map((p) => p.containerPort)).toContain(3000);
  });

  it('shuts down gracefully: 30 s grace with a shorter preStop sleep', () => {
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    const preStop = server.lifecycle?.preStop;
    const sleep = preStop?.exec?.command ?? [];
    expect(sleep[0]).toBe('sleep');
    expect(Number(sleep[1])).toBeGreaterThan(0);
    expect(Number(sleep[1])).toBeLessThan(15);
  });

  it.each(workloads.map((w) => [`${w.kind}/${w.metadata.name}`, w] as const))(
    '%s runs as non-root with a read-only root, no privilege escalation and no capabilities',
    (_key, workload) => {
      const spec = podSpec(workload)!;
      expect(spec.securityContext?.runAsNonRoot).toBe(true);
      // The image's USER is a name; the kubelet can only verify runAsNonRoot against a numeric uid.
      expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const c of containersOf(workload)) {
        const sc = c.securityContext;
        expect(sc?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot).toBe(true);
        expect(sc?.runAsUser ?? spec.securityContext?.runAsUser).not.toBe(0);
        expect(sc?.allowPrivilegeEscalation).toBe(false);
        expect(sc?.readOnlyRootFilesystem).toBe(true);
        expect(sc?.privileged ?? false).toBe(false);
        expect(sc?.capabilities?.drop).toContain('ALL');
        expect(sc?.capabilities?.add ?? []).toEqual([]);
      }
    },
  );

  it.each(workloads.map((w) => [`${w.kind}/${w.metadata.name}`, w] as const))(
    '%s sets CPU and memory requests and limits on every container',
    (_key, workload) => {
      for (const c of containersOf(workload)) {
        for (const bound of ['requests', 'limits'] as const) {
          expect(c.resources?.[bound]?.cpu).toBeDefined();
          expect(c.resources?.[bound]?.memory).toBeDefined();
        }
      }
    },
  );

  it.each(workloads.map((w) => [`${w.kind}/${w.metadata.name}`, w] as const))(
    '%s takes secrets from Secret references and the rest from the ConfigMap',
    (_key, workload) => {
      for (const c of containersOf(workload)) {
        expect(c.envFrom?.map((e) => e.configMapRef?.name)).toContain(configMap.metadata?.name);
        for (const e of c.env ?? []) {
          expect(KNOWN_ENV.has(e.name)).toBe(true);
          if (SECRET_NAME.test(e.name)) {
            expect({ name: e.name, value: e.value }).toEqual({ name: e.name, value: undefined });
            expect(e.valueFrom?.secretKeyRef?.name).toBeTruthy();
            expect(e.valueFrom?.secretKeyRef?.key).toBe(e.name);
          }
        }
      }
    },
  );

  it('gives the server both ADMIN_TOKEN and DB_PASSWORD from the Secret', () => {
    const fromSecret = (server.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
    expect(fromSecret.sort()).toEqual([...SECRET_ENV].sort());
  });

  it('pins every image to a tag or digest, never latest', () => {
    for (const c of workloads.flatMap(containersOf)) {
      const image = parseImage(c.image ?? '');
      expect(image.tag ?? image.digest).toBeTruthy();
      expect(image.tag).not.toBe('latest');
    }
    expect(new Set(workloads.flatMap(containersOf).map((c) => c.image)).size).toBe(1);
  });

  it(`configures ${dbType} through the ConfigMap and never migrates at boot`, () => {
    const data = configMap.data ?? {};
    expect(data.DB_TYPE).toBe(dbType);
    expect(data.MIGRATIONS_RUN).toBe('false');
    for (const key of [
      'PORT',
      'HOST',
      'DB_HOST',
      'DB_PORT',
      'DB_USER',
      'DB_NAME',
      'LOG_LEVEL',
      'TRUST_PROXY',
    ]) {
      expect({ key, set: typeof data[key] === 'string' && data[key] !== '' }).toEqual({ key, set: true });
    }
    for (const key of Object.keys(data)) {
      expect({ key, known: KNOWN_ENV.has(key), secret: SECRET_NAME.test(key) }).toEqual({
        key,
        known: true,
        secret: false,
      });
    }
  });

  it('migrates in a Job with the TypeORM CLI against the compiled data source', () => {
    const spec = job.spec!.template.spec!;
    expect(spec.restartPolicy).toMatch(/^(Never|OnFailure)$/);
    expect(spec.containers).toHaveLength(1);
    expect(spec.containers[0].command).toEqual(MIGRATION_COMMAND);
    expect(spec.containers[0].image).toBe(server.image);
    expect(job.spec?.backoffLimit).toBeGreaterThanOrEqual(0);
    expect(job.spec?.activeDeadlineSeconds).toBeGreaterThan(0);
  });

  it('routes the Service to the server pods on the http port', () => {
    expect(selects(service.spec?.selector, podLabels)).toBe(true);
    const names = (server.ports ?? []).map((p) => p.name);
    for (const port of service.spec?.ports ?? []) expect(names).toContain(port.targetPort);
    expect(selects(deployment.spec?.selector.matchLabels, podLabels)).toBe(true);
    // The migration pods must not receive traffic.
    expect(selects(service.spec?.selector, job.spec?.template.metadata?.labels)).toBe(false);
  });

  it('scales on 70% CPU with autoscaling/v2', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec?.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata?.name,
    });
    const cpu = hpa.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    expect(cpu?.resource?.target).toEqual({ type: 'Utilization', averageUtilization: 70 });
  });

  it(`keeps ${minAvailable} pod(s) through voluntary disruptions`, () => {
    expect(pdb.spec?.minAvailable).toBe(minAvailable);
    expect(Number(pdb.spec?.minAvailable)).toBeLessThan(replicas);
    expect(selects(pdb.spec?.selector?.matchLabels, podLabels)).toBe(true);
  });
});

describe('k8s production overlay', () => {
  const objects = render(join(root, 'k8s/overlays/production'));
  const data = one<IConfigMap>(objects, 'ConfigMap').data ?? {};

  it('runs behind a proxy with an https public base URL', () => {
    expect(data.TRUST_PROXY).toBe('true');
    expect(data.PUBLIC_BASE_URL).toMatch(/^https:\/\/[^/]+/);
  });

  it('pulls a pinned image from a registry', () => {
    for (const c of objects.flatMap(containersOf)) {
      const image = parseImage(c.image ?? '');
      expect(image.name).toContain('/');
      expect(image.digest ?? image.tag).toMatch(/^(sha256:[0-9a-f]{64}|v?\d+\.\d+\.\d+.*)$/);
    }
  });

  it('puts everything in one namespace', () => {
    const namespaces = new Set(objects.map((o) => o.metadata.namespace));
    expect(namespaces.size).toBe(1);
    expect([...namespaces][0]).toBeTruthy();
  });
});
