import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@itsm/contracts';
import { parseAllDocuments } from 'yaml';

// deploy/k8s (kustomize base and overlays), checked offline and structurally: every service
// directory has its workload, every file is listed, the enterprise overlay declares every topic
// of the contracts' registry. `kubectl kustomize` renders the overlays where kubectl is installed.

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'deploy', 'k8s');
const BASE = join(K8S, 'base');
const SINGLE_NODE = join(K8S, 'overlays', 'single-node');
const ENTERPRISE = join(K8S, 'overlays', 'enterprise');
const KUSTOMIZATIONS = [BASE, SINGLE_NODE, ENTERPRISE];
const NAMESPACE = 'itsm';
/** Services of the design (DESIGN.md §2) whose databases exist before their code does. */
const PLANNED_SERVICES = ['catalog', 'requests', 'incidents', 'changes', 'sla', 'analytics', 'gateway'];
/** The brief's HPA-managed services in the enterprise overlay. */
const AUTOSCALED = ['gateway', 'catalog'];

interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec?: unknown;
  data?: Record<string, string>;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string };
  };
}

interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
}

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[] };
}

interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number; hostPort?: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}

interface PodSpec {
  hostNetwork?: boolean;
  securityContext?: SecurityContext;
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string } }[];
}

interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

interface ServiceObject extends K8sObject {
  spec: {
    type?: string;
    selector: Record<string, string>;
    ports: { name?: string; port: number; targetPort?: string | number; nodePort?: number }[];
  };
}

interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes?: string[];
    ingress?: {
      from?: {
        podSelector?: { matchLabels?: Record<string, string> };
        namespaceSelector?: unknown;
        ipBlock?: unknown;
      }[];
      ports?: { port: string | number }[];
    }[];
  };
}

interface Generator {
  name: string;
  files?: string[];
  literals?: string[];
  envs?: string[];
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string } }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

function parseDocuments(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    return value === null || value === undefined ? [] : [value as K8sObject];
  });
}

function readKustomization(dir: string): Kustomization {
  const [document] = parseAllDocuments(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  if (!document || Array.isArray(document)) throw new Error(`${dir}/kustomization.yaml is empty`);
  return document.toJS() as Kustomization;
}

/** Objects from the resources a kustomization lists, following directories (no patches applied). */
function loadResources(dir: string): K8sObject[] {
  return (readKustomization(dir).resources ?? []).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? loadResources(path) : parseDocuments(readFileSync(path, 'utf8'), path);
  });
}

function serviceDirectories(): string[] {
  const dir = join(ROOT, 'services');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function ofKind<T extends K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

function named<T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T | undefined {
  return ofKind<T>(objects, kind).find((o) => o.metadata.name === name);
}

function envVar(container: Container, name: string): EnvVar | undefined {
  return container.env?.find((e) => e.name === name);
}

function containerPort(container: Container, port: string | number | undefined): number | undefined {
  if (typeof port === 'number') return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function databaseName(service: string): string {
  return `itsm_${service.replace(/-/g, '_')}`;
}

function createdDatabases(sql: string): string[] {
  return [...sql.matchAll(/CREATE\s+DATABASE\s+"?([a-z0-9_]+)"?/gi)].map((match) => match[1]);
}

/** Files a kustomization refers to: resources, patch files and generator inputs. */
function referencedFiles(kustomization: Kustomization): string[] {
  const generators = [...(kustomization.configMapGenerator ?? []), ...(kustomization.secretGenerator ?? [])];
  return [
    ...(kustomization.resources ?? []),
    ...(kustomization.patches ?? []).flatMap((patch) => (patch.path ? [patch.path] : [])),
    ...generators.flatMap((generator) => [...(generator.files ?? []), ...(generator.envs ?? [])]),
  ].map((entry) => entry.replace(/^[^=]*=/, ''));
}

function literal(generator: Generator | undefined, key: string): string | undefined {
  const prefix = `${key}=`;
  return generator?.literals?.find((l) => l.startsWith(prefix))?.slice(prefix.length);
}

const baseObjects = loadResources(BASE);
const baseKustomization = readKustomization(BASE);
const deployments = ofKind<Workload>(baseObjects, 'Deployment');
const services = [...new Set([...deployments.map((d) => d.metadata.name), ...serviceDirectories()])].sort();

function deployment(name: string): Workload {
  const found = named<Workload>(baseObjects, 'Deployment', name);
  if (!found) throw new Error(`deploy/k8s/base has no Deployment "${name}" (services/${name} exists)`);
  return found;
}

function mainContainer(name: string): Container {
  const containers = deployment(name).spec.template.spec.containers;
  return containers.find((c) => c.name === name) ?? containers[0];
}

/** Services whose Deployment takes DATABASE_URL from a Secret, with that Secret's name. */
function databaseSecrets(): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const d of deployments) {
    for (const container of d.spec.template.spec.containers) {
      const ref = envVar(container, 'DATABASE_URL')?.valueFrom?.secretKeyRef;
      if (ref) secrets.set(d.metadata.name, ref.name);
    }
  }
  return secrets;
}

describe('deploy/k8s kustomizations', () => {
  describe.each(KUSTOMIZATIONS.map((dir) => [dir.slice(K8S.length + 1), dir]))('%s', (_label, dir) => {
    const kustomization = readKustomization(dir);

    it('is a Kustomization for the itsm namespace', () => {
      expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
      expect(kustomization.kind).toBe('Kustomization');
      expect(kustomization.namespace).toBe(NAMESPACE);
    });

    it('lists every file of its folder, and every file it lists exists', () => {
      const referenced = referencedFiles(kustomization);
      for (const entry of referenced) {
        const path = join(dir, entry);
        expect({ entry, exists: existsSync(path) }).toEqual({ entry, exists: true });
        if (existsSync(path) && statSync(path).isDirectory()) {
          expect({ entry, kustomization: existsSync(join(path, 'kustomization.yaml')) }).toEqual({
            entry,
            kustomization: true,
          });
        }
      }
      const files = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name !== 'kustomization.yaml' && !entry.name.endsWith('.md'))
        .map((entry) => entry.name);
      for (const file of files) {
        expect({ file, listed: referenced.includes(file) }).toEqual({ file, listed: true });
      }
    });

    it('holds well-formed objects, each kind/name once', () => {
      const own = (kustomization.resources ?? [])
        .filter((entry) => !statSync(join(dir, entry)).isDirectory())
        .flatMap((entry) => parseDocuments(readFileSync(join(dir, entry), 'utf8'), entry));
      const all = dir === BASE ? own : [...baseObjects, ...own];
      for (const object of own) {
        expect(typeof object.apiVersion).toBe('string');
        expect(typeof object.kind).toBe('string');
        expect(object.metadata.name).toMatch(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/);
      }
      const keys = all.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    });
  });
});

describe('deploy/k8s/base', () => {
  it('creates the itsm namespace with Pod Security admission labels', () => {
    const namespace = named(baseObjects, 'Namespace', NAMESPACE);
    expect(namespace).toBeDefined();
    expect(namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toMatch(/^(baseline|restricted)$/);
  });

  it('shares KAFKA_BROKERS and LOG_LEVEL through a ConfigMap', () => {
    const config = named(baseObjects, 'ConfigMap', 'itsm-config');
    expect(config?.data?.KAFKA_BROKERS).toMatch(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/);
    expect(config?.data?.LOG_LEVEL).toBeDefined();
  });

  it('has a workload for every service directory', () => {
    expect(deployments.map((d) => d.metadata.name)).toEqual(expect.arrayContaining(serviceDirectories()));
    expect(services.length).toBeGreaterThan(0);
  });

  describe.each(services)('service %s', (name) => {
    it('runs the image itsm/<name>, whose tag the kustomization pins', () => {
      expect(mainContainer(name).image).toBe(`itsm/${name}`);
      expect(baseKustomization.images?.find((image) => image.name === `itsm/${name}`)?.newTag).toMatch(/\S/);
    });

    it('probes /health/live and /health/ready on its own port', () => {
      const container = mainContainer(name);
      const port = Number(envVar(container, 'PORT')?.value);
      expect(Number.isInteger(port)).toBe(true);
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(containerPort(container, container.livenessProbe?.httpGet?.port)).toBe(port);
      expect(containerPort(container, container.readinessProbe?.httpGet?.port)).toBe(port);
    });

    it('declares resource requests and a memory limit', () => {
      const resources = mainContainer(name).resources;
      expect(resources?.requests?.cpu).toBeDefined();
      expect(resources?.requests?.memory).toBeDefined();
      expect(resources?.limits?.memory).toBeDefined();
    });

    it('runs as non-root without privilege escalation', () => {
      const pod = deployment(name).spec.template.spec;
      for (const container of pod.containers) {
        const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        expect({ container: container.name, runAsNonRoot }).toEqual({ container: container.name, runAsNonRoot: true });
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
        expect(container.securityContext?.capabilities?.drop).toContain('ALL');
      }
    });

    it('takes shared settings from itsm-config and DATABASE_URL only from a Secret', () => {
      const container = mainContainer(name);
      expect(container.envFrom?.map((e) => e.configMapRef?.name)).toContain('itsm-config');
      const databaseUrl = envVar(container, 'DATABASE_URL');
      expect(databaseUrl?.value).toBeUndefined();
      expect(databaseUrl?.valueFrom?.secretKeyRef).toEqual({ name: `itsm-${name}-database`, key: 'DATABASE_URL' });
    });

    it('has a Service that selects its pods and reaches its port', () => {
      const service = named<ServiceObject>(baseObjects, 'Service', name);
      expect(service).toBeDefined();
      const workload = deployment(name);
      expect(workload.spec.template.metadata.labels).toMatchObject(workload.spec.selector.matchLabels);
      expect(workload.spec.template.metadata.labels).toMatchObject(service?.spec.selector ?? { missing: 'selector' });
      const container = mainContainer(name);
      const port = Number(envVar(container, 'PORT')?.value);
      expect(service?.spec.ports.map((p) => containerPort(container, p.targetPort ?? p.port))).toContain(port);
    });
  });

  it('listens on every interface inside the pods (HOST 0.0.0.0 for all, through itsm-config)', () => {
    expect(named(baseObjects, 'ConfigMap', 'itsm-config')?.data?.HOST).toBe('0.0.0.0');
    for (const name of services) {
      expect({ name, host: envVar(mainContainer(name), 'HOST') }).toEqual({ name, host: undefined });
      expect(mainContainer(name).envFrom?.map((e) => e.configMapRef?.name)).toContain('itsm-config');
    }
  });

  it('publishes no host port and no node port; no pod shares the node network', () => {
    for (const overlay of [BASE, SINGLE_NODE, ENTERPRISE]) {
      const objects = overlay === BASE ? baseObjects : [...baseObjects, ...loadResources(overlay)];
      for (const workload of [
        ...ofKind<Workload>(objects, 'Deployment'),
        ...ofKind<Workload>(objects, 'StatefulSet'),
      ]) {
        const pod = workload.spec.template.spec;
        const hostPorts = pod.containers.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort !== undefined));
        expect({ workload: workload.metadata.name, hostNetwork: pod.hostNetwork ?? false, hostPorts }).toEqual({
          workload: workload.metadata.name,
          hostNetwork: false,
          hostPorts: [],
        });
      }
      for (const service of ofKind<ServiceObject>(objects, 'Service')) {
        expect({ service: service.metadata.name, type: service.spec.type ?? 'ClusterIP' }).toEqual({
          service: service.metadata.name,
          type: 'ClusterIP',
        });
      }
    }
  });

  it('lets only the gateway reach the services, and has them believe its X-Forwarded-For', () => {
    const policies = ofKind<NetworkPolicy>(baseObjects, 'NetworkPolicy');
    for (const name of services.filter((s) => s !== 'gateway')) {
      const labels = deployment(name).spec.template.metadata.labels;
      const selecting = policies.filter((p) =>
        Object.entries(p.spec.podSelector.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
      );
      expect({ name, policies: selecting.length }).toEqual({ name, policies: 1 });
      const policy = selecting[0]!;
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      const sources = (policy.spec.ingress ?? []).flatMap((rule) => rule.from ?? []);
      expect(sources).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'gateway' } } }]);
      expect(deployment('gateway').spec.template.metadata.labels['app.kubernetes.io/component']).toBe('gateway');
      expect({ name, trusted: envVar(mainContainer(name), 'TRUSTED_PROXIES')?.value }).toEqual({
        name,
        trusted: expect.stringMatching(/\S/),
      });
    }
    // The gateway is selected by none: it is the entry, reached through the cluster's Ingress.
    const gatewayLabels = deployment('gateway').spec.template.metadata.labels;
    expect(
      policies.filter((p) =>
        Object.entries(p.spec.podSelector.matchLabels ?? {}).every(([k, v]) => gatewayLabels[k] === v),
      ),
    ).toEqual([]);
  });

  it('creates no demo accounts (their password is published)', () => {
    const gateway = mainContainer('gateway');
    expect(envVar(gateway, 'GATEWAY_DEMO_USERS')).toBeUndefined();
    expect(named(baseObjects, 'ConfigMap', 'itsm-config')?.data?.GATEWAY_DEMO_USERS).toBeUndefined();
  });

  it('routes the gateway to every other service through <SERVICE>_URL', () => {
    const gateway = mainContainer('gateway');
    for (const name of services.filter((s) => s !== 'gateway')) {
      const port = named<ServiceObject>(baseObjects, 'Service', name)?.spec.ports[0]?.port;
      const variable = `${name.toUpperCase().replace(/-/g, '_')}_URL`;
      expect({ variable, value: envVar(gateway, variable)?.value }).toEqual({
        variable,
        value: `http://${name}:${String(port)}`,
      });
    }
  });
});

describe('deploy/k8s/overlays/single-node', () => {
  const kustomization = readKustomization(SINGLE_NODE);
  const objects = loadResources(SINGLE_NODE);

  it('runs Postgres 15 and Kafka 4.1 as StatefulSets with Services', () => {
    const postgres = named<Workload>(objects, 'StatefulSet', 'postgres');
    const kafka = named<Workload>(objects, 'StatefulSet', 'kafka');
    expect(postgres?.spec.template.spec.containers[0].image).toBe('postgres:15');
    expect(kafka?.spec.template.spec.containers[0].image).toBe('apache/kafka:4.1.0');
    expect(named(objects, 'Service', 'postgres')).toBeDefined();
    expect(named(objects, 'Service', 'kafka')).toBeDefined();
    for (const workload of [postgres, kafka]) {
      expect(workload?.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
    }
  });

  it('serves KAFKA_BROKERS from a single KRaft node that never auto-creates topics', () => {
    const kafka = named<Workload>(objects, 'StatefulSet', 'kafka')?.spec.template.spec.containers[0];
    const service = named<ServiceObject>(objects, 'Service', 'kafka');
    const brokers = named(baseObjects, 'ConfigMap', 'itsm-config')?.data?.KAFKA_BROKERS;
    expect(brokers).toBe(`kafka:${String(service?.spec.ports[0].port)}`);
    expect(kafka && envVar(kafka, 'KAFKA_ADVERTISED_LISTENERS')?.value).toBe(`PLAINTEXT://${String(brokers)}`);
    expect(kafka && envVar(kafka, 'KAFKA_PROCESS_ROLES')?.value).toBe('broker,controller');
    expect(kafka && envVar(kafka, 'KAFKA_AUTO_CREATE_TOPICS_ENABLE')?.value).toBe('false');
  });

  it('initialises Postgres with the same script as docker-compose', () => {
    const copy = readFileSync(join(SINGLE_NODE, 'postgres-init.sql'), 'utf8');
    expect(copy).toBe(readFileSync(join(ROOT, 'deploy', 'docker', 'postgres-init.sql'), 'utf8'));
    expect(kustomization.configMapGenerator?.find((g) => g.name === 'postgres-init')?.files).toContain(
      'postgres-init.sql',
    );
    const pod = named<Workload>(objects, 'StatefulSet', 'postgres')?.spec.template.spec;
    const volume = pod?.volumes?.find((v) => v.configMap?.name === 'postgres-init');
    expect(pod?.containers[0].volumeMounts).toContainEqual({
      name: volume?.name,
      mountPath: '/docker-entrypoint-initdb.d',
      readOnly: true,
    });
  });

  it('generates each service database Secret, pointing at its own database', () => {
    const databases = createdDatabases(readFileSync(join(SINGLE_NODE, 'postgres-init.sql'), 'utf8'));
    for (const [service, secret] of databaseSecrets()) {
      const url = literal(
        kustomization.secretGenerator?.find((g) => g.name === secret),
        'DATABASE_URL',
      );
      expect({ service, url }).toEqual({
        service,
        url: expect.stringMatching(new RegExp(`^postgres(ql)?://[^@]+@postgres:5432/${databaseName(service)}$`)),
      });
      expect(databases).toContain(databaseName(service));
    }
  });
});

describe('deploy/k8s/overlays/enterprise', () => {
  const kustomization = readKustomization(ENTERPRISE);
  const objects = loadResources(ENTERPRISE);
  const kafka = ofKind(objects, 'Kafka');
  const kafkaName = kafka[0]?.metadata.name;

  it('runs Kafka through Strimzi in KRaft mode with node pools', () => {
    expect(kafka).toHaveLength(1);
    expect(kafka[0].apiVersion).toBe('kafka.strimzi.io/v1beta2');
    expect(kafka[0].metadata.annotations).toMatchObject({
      'strimzi.io/kraft': 'enabled',
      'strimzi.io/node-pools': 'enabled',
    });
    const spec = kafka[0].spec as { kafka: { version: string; config: Record<string, string | number | boolean> } };
    expect(spec.kafka.version).toBe('4.1.0');
    expect(spec.kafka.config['auto.create.topics.enable']).toBe(false);
    expect(Number(spec.kafka.config['min.insync.replicas'])).toBeGreaterThanOrEqual(2);
    const pools = ofKind(objects, 'KafkaNodePool').filter(
      (p) => p.metadata.labels?.['strimzi.io/cluster'] === kafkaName,
    );
    const roles = pools.flatMap((p) => (p.spec as { roles: string[] }).roles);
    expect(roles).toEqual(expect.arrayContaining(['controller', 'broker']));
  });

  it("points KAFKA_BROKERS at the Strimzi cluster's bootstrap Service", () => {
    const patch = kustomization.patches?.find((p) => p.target?.kind === 'ConfigMap' && p.target.name === 'itsm-config');
    expect(patch?.patch).toContain('/data/KAFKA_BROKERS');
    expect(patch?.patch).toContain(`value: ${String(kafkaName)}-kafka-bootstrap:9092`);
  });

  it("declares a KafkaTopic for every topic of the contracts' registry and its dead-letter topic", () => {
    const topics = ofKind(objects, 'KafkaTopic');
    for (const topic of topics) {
      expect(topic.apiVersion).toBe('kafka.strimzi.io/v1beta2');
      expect({ topic: topic.metadata.name, cluster: topic.metadata.labels?.['strimzi.io/cluster'] }).toEqual({
        topic: topic.metadata.name,
        cluster: kafkaName,
      });
    }
    const partitions = new Map(topics.map((t) => [t.metadata.name, (t.spec as { partitions: number }).partitions]));
    const expected = TOPICS.flatMap((t) => [t.name, t.deadLetterTopic]);
    expect([...partitions.keys()].sort()).toEqual([...expected].sort());
    for (const topic of TOPICS) {
      expect({ topic: topic.name, partitions: partitions.get(topic.name) }).toEqual({
        topic: topic.name,
        partitions: topic.partitions,
      });
    }
    // The brief's catalog topics, in case the registry ever loses one.
    expect(expected).toEqual(
      expect.arrayContaining(
        ['offering', 'business-service', 'business-line', 'department', 'team'].flatMap((a) => [
          `itsm.catalog.${a}.v1`,
          `itsm.catalog.${a}.v1.dlq`,
        ]),
      ),
    );
  });

  it('runs Postgres through CloudNativePG with a database for every service', () => {
    const clusters = ofKind(objects, 'Cluster').filter((c) => c.apiVersion === 'postgresql.cnpg.io/v1');
    expect(clusters).toHaveLength(1);
    const spec = clusters[0].spec as {
      instances: number;
      bootstrap: { initdb: { database: string; postInitSQL?: string[] } };
    };
    expect(spec.instances).toBeGreaterThanOrEqual(2);
    const databases = [
      spec.bootstrap.initdb.database,
      ...createdDatabases((spec.bootstrap.initdb.postInitSQL ?? []).join('\n')),
    ];
    expect(databases).toEqual(
      expect.arrayContaining([...new Set([...PLANNED_SERVICES, ...services])].map(databaseName)),
    );
  });

  it.each(AUTOSCALED)('autoscales %s from at least two replicas, owning its replica count', (name) => {
    expect(deployments.map((d) => d.metadata.name)).toContain(name);
    const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
      (h) => (h.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef.name === name,
    );
    expect(hpa?.apiVersion).toBe('autoscaling/v2');
    const spec = hpa?.spec as { scaleTargetRef: { kind: string }; minReplicas: number; maxReplicas: number };
    expect(spec.scaleTargetRef.kind).toBe('Deployment');
    expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
    const removal = kustomization.patches?.find(
      (p) =>
        p.target?.kind === 'Deployment' &&
        new RegExp(`^(${p.target.name ?? ''})$`).test(name) &&
        /op: remove\s+path: \/spec\/replicas/.test(p.patch ?? ''),
    );
    expect(removal).toBeDefined();
  });
});

// Renders the kustomizations for real (patches, generators, name references) where kubectl is
// installed; its kustomize works offline.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const itWithKubectl = kubectl.status === 0 ? it : it.skip;

describe('kubectl kustomize', () => {
  function render(dir: string): K8sObject[] {
    const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
    return parseDocuments(result.stdout, dir);
  }

  /** Names of Secrets and ConfigMaps that the rendered pods need (optional Secret keys are the operator's choice). */
  function references(objects: K8sObject[]): { kind: string; name: string }[] {
    const pods = [...ofKind<Workload>(objects, 'Deployment'), ...ofKind<Workload>(objects, 'StatefulSet')].map(
      (w) => w.spec.template.spec,
    );
    return pods.flatMap((pod) => [
      ...pod.containers.flatMap((c) => [
        ...(c.env ?? []).flatMap((e) => [
          ...(e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional
            ? [{ kind: 'Secret', name: e.valueFrom.secretKeyRef.name }]
            : []),
          ...(e.valueFrom?.configMapKeyRef ? [{ kind: 'ConfigMap', name: e.valueFrom.configMapKeyRef.name }] : []),
        ]),
        ...(c.envFrom ?? []).flatMap((e) => [
          ...(e.configMapRef ? [{ kind: 'ConfigMap', name: e.configMapRef.name }] : []),
          ...(e.secretRef ? [{ kind: 'Secret', name: e.secretRef.name }] : []),
        ]),
      ]),
      ...(pod.volumes ?? []).flatMap((v) => [
        ...(v.configMap ? [{ kind: 'ConfigMap', name: v.configMap.name }] : []),
        ...(v.secret ? [{ kind: 'Secret', name: v.secret.secretName }] : []),
      ]),
    ]);
  }

  itWithKubectl('renders the base with every object in the itsm namespace', () => {
    const objects = render(BASE);
    expect(objects.length).toBe(baseObjects.length);
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect({ object: `${object.kind}/${object.metadata.name}`, namespace: object.metadata.namespace }).toEqual({
        object: `${object.kind}/${object.metadata.name}`,
        namespace: NAMESPACE,
      });
    }
  });

  itWithKubectl('renders single-node with every Secret and ConfigMap reference resolved', () => {
    const objects = render(SINGLE_NODE);
    for (const ref of references(objects)) {
      expect({ ...ref, found: named(objects, ref.kind, ref.name) !== undefined }).toEqual({ ...ref, found: true });
    }
  });

  itWithKubectl('renders enterprise with replicas left to the autoscalers and brokers at Strimzi', () => {
    const objects = render(ENTERPRISE);
    for (const name of AUTOSCALED) {
      expect(named<Workload>(objects, 'Deployment', name)?.spec.replicas).toBeUndefined();
    }
    expect(named(objects, 'ConfigMap', 'itsm-config')?.data?.KAFKA_BROKERS).toBe(
      `${String(kafkaNameOf(objects))}-kafka-bootstrap:9092`,
    );
    // Database Secrets come from the operator's secret store; everything else is in the overlay.
    const unresolved = references(objects).filter((ref) => named(objects, ref.kind, ref.name) === undefined);
    expect([...new Set(unresolved.map((ref) => ref.name))].sort()).toEqual(
      [...new Set(databaseSecrets().values())].sort(),
    );
  });

  function kafkaNameOf(objects: K8sObject[]): string | undefined {
    return ofKind(objects, 'Kafka')[0]?.metadata.name;
  }
});
