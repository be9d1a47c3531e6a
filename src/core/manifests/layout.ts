/**
 * Which part of the repository a file belongs to (DESIGN.md "Repository layout users write"):
 * apps/<app>/app.yaml, apps/<app>/** resources, workflows/**, policies/**, or nothing at all.
 * Paths that could escape the repository are refused; hidden files and folders are skipped.
 */

export type Placement =
  | { area: 'app-spec'; app: string } // apps/<app>/app.yaml
  | { area: 'app-resources'; app: string } // a manifest under apps/<app>/
  | { area: 'app-other'; app: string } // any other file under apps/<app>/: the app exists, nothing to read
  | { area: 'workflows' }
  | { area: 'policies' }
  | { area: 'stray'; message: string } // a manifest in a Sextant folder where it cannot belong
  | { area: 'unsafe'; message: string }
  | { area: 'ignored' };

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function isManifestPath(path: string): boolean {
  const lower = path.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function placeFile(path: string): Placement {
  const unsafe = checkPathSafety(path);
  if (unsafe) return { area: 'unsafe', message: unsafe };
  const segments = path.split('/');
  // Editor folders, .github and the like are never manifests Sextant should deploy.
  if (segments.some((s) => s.startsWith('.'))) return { area: 'ignored' };
  const [top, second] = segments;
  const manifest = isManifestPath(path);
  if (top === 'apps' && second !== undefined) {
    if (segments.length === 2) {
      return manifest
        ? { area: 'stray', message: 'a file directly under apps/ belongs to no application; move it to apps/<app>/' }
        : { area: 'ignored' };
    }
    if (!manifest) return { area: 'app-other', app: second };
    if (segments.length === 3 && segments[2] === 'app.yaml') return { area: 'app-spec', app: second };
    return { area: 'app-resources', app: second };
  }
  if (!manifest || segments.length < 2) return { area: 'ignored' };
  if (top === 'workflows') return { area: 'workflows' };
  if (top === 'policies') return { area: 'policies' };
  return { area: 'ignored' };
}

/** Why a path is refused, or undefined when it stays inside the repository. */
export function checkPathSafety(path: string): string | undefined {
  if (path === '') return 'empty path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute paths are refused';
  if (path.includes('\\')) return 'backslashes in paths are refused';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'control characters in paths are refused';
  const segments = path.split('/');
  if (segments.includes('..')) return 'paths that escape the repository (..) are refused';
  if (segments.some((s) => s === '' || s === '.')) return 'paths with empty or "." segments are refused';
  return undefined;
}

/**
 * App names become label values (`sextant.dev/app`) and parts of object names
 * (`sextant-app-<app>`), so they must be lowercase RFC 1123 labels.
 */
export function checkAppName(name: string): string | undefined {
  if (name.length > 63) return `application name "${name}" is longer than 63 characters`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    return `application name "${name}" must be lowercase letters, digits and "-", starting and ending with a letter or digit`;
  }
  return undefined;
}

/** A path fit to print: control characters escaped so that a hostile name cannot forge log lines. */
export function printablePath(path: string): string {
  // eslint-disable-next-line no-control-regex -- see above
  return path.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
