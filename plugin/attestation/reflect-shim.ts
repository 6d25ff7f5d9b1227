/**
 * Minimal Reflect metadata polyfill for @peculiar/x509 (its dependency tsyringe refuses to load without
 * `Reflect.getMetadata`; its README asks for `import "reflect-metadata"`, which this project does not install).
 * Implements only what tsyringe and TypeScript's emitted `__metadata` decorators call: metadata,
 * defineMetadata, getMetadata, getOwnMetadata, hasMetadata. Import it before "@peculiar/x509".
 */
type Target = object;
const store = new WeakMap<Target, Map<string | symbol | undefined, Map<unknown, unknown>>>();

function table(target: Target, property: string | symbol | undefined, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let t = byProperty.get(property);
  if (!t && create) {
    t = new Map();
    byProperty.set(property, t);
  }
  return t;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const R = Reflect as any;
if (typeof R.getMetadata !== "function") {
  R.defineMetadata = (key: unknown, value: unknown, target: Target, property?: string | symbol) => {
    table(target, property, true)!.set(key, value);
  };
  R.getOwnMetadata = (key: unknown, target: Target, property?: string | symbol) => table(target, property, false)?.get(key);
  R.getMetadata = (key: unknown, target: Target, property?: string | symbol): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t)) {
      const m = table(t, property, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  R.hasMetadata = (key: unknown, target: Target, property?: string | symbol) => R.getMetadata(key, target, property) !== undefined;
  R.metadata = (key: unknown, value: unknown) => (target: Target, property?: string | symbol) => R.defineMetadata(key, value, target, property);
}

export {};
