/**
 * The route table: every body of data's routes in the order they are tried, and what comes
 * before any handler (the API key, the method, the organization a request names). The server
 * (./server.ts) adds the traffic knobs and the stats around it.
 */
import { adminRoutes, type ProviderAdministratorsMode } from '../admin/routes';
import type { AccessModes } from '../access/generate';
import { accessRoutes } from '../access/routes';
import type { AssetManagementMode } from '../assets/generate';
import { assetRoutes } from '../assets/routes';
import type { SimulatedDirectory, SimulatedOrg } from '../directory/generate';
import { ErrorBodies, directoryRoutes, type FeatureRoute, type Route } from '../directory/routes';
import type { PolicySimulationOptions } from '../policies/generate';
import { policyFeatureRoutes } from '../policies/routes';
import { postureRoutes } from '../posture/routes';
import { HttpError, type Reply } from '../shared/reply';
import { systemInsightsRoutes, type SystemInsightsMode } from '../system-insights/routes';

export interface FeatureModes {
  assetManagement?: AssetManagementMode;
  systemInsights?: SystemInsightsMode;
  /** Commands, authentication policies, directories, RADIUS servers (../access/routes.ts). */
  access?: AccessModes;
  /** Device policies: mode and counts (../policies/generate.ts). */
  policies?: PolicySimulationOptions;
  /** Whether the key belongs to a provider (../admin/routes.ts); default `not-provider`. */
  providerAdministrators?: ProviderAdministratorsMode;
}

/** The routes of the optional bodies of data, each gated by its mode; default all on. */
export function featureRoutes(
  modes: FeatureModes = {},
  directory?: SimulatedDirectory,
): FeatureRoute[] {
  const insights = modes.systemInsights ?? 'enabled';
  return [
    ...policyFeatureRoutes(modes.policies),
    ...systemInsightsRoutes(insights),
    ...assetRoutes(modes.assetManagement ?? 'enabled'),
    ...accessRoutes(modes.access),
    ...postureRoutes(insights),
    ...adminRoutes(directory, modes.providerAdministrators),
  ];
}

export interface ApiRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

interface ServedRoute extends Route {
  segments: string[];
}

export interface RouteMatch {
  route: ServedRoute;
  params: string[];
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

export class JumpCloudApi {
  private readonly routes: ServedRoute[];
  private readonly orgsById = new Map<string, SimulatedOrg>();

  constructor(
    private readonly directory: SimulatedDirectory,
    private readonly apiKey: string,
    /** Modes of the optional bodies of data (`featureRoutes`). */
    modes: FeatureModes = {},
  ) {
    for (const org of directory.orgs) this.orgsById.set(org.id, org);
    const features = featureRoutes(modes, directory).map((route): Route => ({
      template: route.template,
      tenant: route.tenant ?? true,
      handler: route.handler,
      maxLimit: route.maxLimit,
    }));
    this.routes = [...directoryRoutes(directory), ...features].map((route) => ({
      ...route,
      segments: route.template.split('/').slice(1),
    }));
  }

  /** Every route template served (GET), e.g. `/api/v2/systems/{id}/users`. */
  templates(): string[] {
    return this.routes.map((r) => r.template);
  }

  /** Finds the route for a path (any method). Trailing slashes are ignored. */
  match(pathname: string): RouteMatch | null {
    const segments = pathname.replace(/\/+$/, '').split('/').slice(1);
    for (const route of this.routes) {
      if (route.segments.length !== segments.length) continue;
      const params: string[] = [];
      let ok = true;
      for (let i = 0; i < segments.length; i++) {
        const want = route.segments[i];
        if (want.startsWith('{')) {
          if (segments[i] === '') {
            ok = false;
            break;
          }
          params.push(decodeURIComponent(segments[i]));
        } else if (want !== segments[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return null;
  }

  /** Authentication, tenancy, then the handler. Never throws. */
  handle(request: ApiRequest, match: RouteMatch | null): Reply {
    try {
      return this.dispatch(request, match);
    } catch (err) {
      if (err instanceof HttpError) return { status: err.status, body: err.body };
      throw err;
    }
  }

  private dispatch(request: ApiRequest, match: RouteMatch | null): Reply {
    if (!request.pathname.startsWith('/api/')) return { status: 404, body: ErrorBodies.notFound };
    if (request.headers['x-api-key'] !== this.apiKey)
      return { status: 401, body: ErrorBodies.unauthorized };
    if (!match) return { status: 404, body: ErrorBodies.notFound };
    if (request.method !== 'GET')
      return { status: 405, body: ErrorBodies.methodNotAllowed, headers: { allow: 'GET' } };

    const orgHeader = headerValue(request.headers['x-org-id']);
    const { route, params } = match;
    if (!route.tenant) {
      // JumpCloud rejects x-org-id on /api/organizations; an empty header counts as absent.
      if (orgHeader) return { status: 403, body: ErrorBodies.orgHeaderNotAllowed };
      return route.handler({ org: undefined as never, params, query: request.query });
    }
    const org = this.selectOrg(orgHeader);
    if (route.appleMdm && this.directory.appleMdmMode === 'forbidden') {
      return { status: 403, body: ErrorBodies.appleMdmForbidden };
    }
    return route.handler({ org, params, query: request.query });
  }

  private selectOrg(orgHeader: string): SimulatedOrg {
    if (!orgHeader) {
      if (this.directory.multiTenant) throw new HttpError(401, ErrorBodies.noOrganizationSelected);
      return this.directory.orgs[0];
    }
    if (!OBJECT_ID.test(orgHeader)) throw new HttpError(400, ErrorBodies.invalidOrganizationId);
    const org = this.orgsById.get(orgHeader);
    if (!org) throw new HttpError(404, ErrorBodies.organizationNotFound);
    return org;
  }
}

function headerValue(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return (v ?? '').trim();
}
