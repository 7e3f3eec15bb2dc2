/**
 * Routes of Asset Management (./generate.ts holds the data).
 *
 * Paging caps and defaults are those of the 2026 v2 specification:
 *
 * | route                                  | default limit | max limit | body                    |
 * | -------------------------------------- | ------------- | --------- | ----------------------- |
 * | /assets/devices                        | 10            | 100       | {results, totalCount}   |
 * | /assets/accessories                    | 100           | 100       | {results, totalCount}   |
 * | /assets/locations                      | 100           | 1000      | {results, totalCount}   |
 * | /assets/field-configurations           | (not paged)   |           | {results, totalCount}   |
 * | /assets/field-configurations/{id}/...  | (not paged)   |           | {results, totalCount}   |
 *
 * Where the specification is silent the simulator chooses, and says so: a `limit` above the
 * cap is a 400 with `{message}` (the assets error schema); a feature that is off answers 404
 * on every `/assets` route, a key that may not read it 403.
 */
import type { SimulatedOrg } from '../directory/generate';
import type { FeatureRoute } from '../directory/routes';
import { isReply, readPaging, type PagingRule } from '../shared/paging';
import { orgAssets, type Asset, type AssetManagementMode } from './generate';

export const AssetErrorBodies = {
  assetsOff: { message: 'Not Found: Asset Management is not enabled for this organization' },
  assetsForbidden: { message: 'Forbidden: insufficient permissions for Asset Management' },
  fieldConfigurationNotFound: { message: 'Not Found: field configuration not found' },
} as const;

export const ASSET_PAGING = {
  devices: { defaultLimit: 10, maxLimit: 100, minLimit: 1 },
  accessories: { defaultLimit: 100, maxLimit: 100, minLimit: 1 },
  locations: { defaultLimit: 100, maxLimit: 1000, minLimit: 1 },
} as const;

/** Keeps only the requested labels (`fields=Name,Status`), as the specification describes. */
function withFields(assets: Asset[], query: URLSearchParams): Asset[] {
  const requested = query
    .getAll('fields')
    .flatMap((value) => value.split(','))
    .map((label) => label.trim())
    .filter((label) => label !== '');
  if (requested.length === 0) return assets;
  const wanted = new Set(requested);
  return assets.map((asset) => {
    const fields = Object.fromEntries(
      Object.entries(asset.fields).filter(([label]) => wanted.has(label)),
    );
    return asset.jcSystemId === undefined
      ? { id: asset.id, fields }
      : { id: asset.id, jcSystemId: asset.jcSystemId, fields };
  });
}

function assetList(
  pick: (org: SimulatedOrg) => Asset[],
  rule: PagingRule,
): FeatureRoute['handler'] {
  return ({ org, query }) => {
    const page = readPaging(query, rule);
    if (isReply(page)) return page;
    const all = pick(org);
    const results = withFields(all.slice(page.skip, page.skip + page.limit), query);
    return { status: 200, body: { results, totalCount: all.length } };
  };
}

/** Gates every Asset Management route on the mode. */
function gated(
  mode: AssetManagementMode,
  handler: FeatureRoute['handler'],
): FeatureRoute['handler'] {
  if (mode === 'off') return () => ({ status: 404, body: AssetErrorBodies.assetsOff });
  if (mode === 'forbidden') return () => ({ status: 403, body: AssetErrorBodies.assetsForbidden });
  return handler;
}

export function assetRoutes(assets: AssetManagementMode = 'enabled'): FeatureRoute[] {
  return [
    {
      template: '/api/v2/assets/field-configurations',
      handler: gated(assets, ({ org }) => {
        const { fieldConfigurations } = orgAssets(org);
        return {
          status: 200,
          body: { results: fieldConfigurations, totalCount: fieldConfigurations.length },
        };
      }),
    },
    {
      template: '/api/v2/assets/field-configurations/{id}/select-options',
      handler: gated(assets, ({ org, params }) => {
        const { fieldConfigurations, selectOptions } = orgAssets(org);
        if (!fieldConfigurations.some((config) => config.id === params[0])) {
          return { status: 404, body: AssetErrorBodies.fieldConfigurationNotFound };
        }
        const options = selectOptions.get(params[0]) ?? [];
        return { status: 200, body: { results: options, totalCount: options.length } };
      }),
    },
    {
      template: '/api/v2/assets/devices',
      maxLimit: ASSET_PAGING.devices.maxLimit,
      handler: gated(
        assets,
        assetList((org) => orgAssets(org).devices, ASSET_PAGING.devices),
      ),
    },
    {
      template: '/api/v2/assets/accessories',
      maxLimit: ASSET_PAGING.accessories.maxLimit,
      handler: gated(
        assets,
        assetList((org) => orgAssets(org).accessories, ASSET_PAGING.accessories),
      ),
    },
    {
      template: '/api/v2/assets/locations',
      maxLimit: ASSET_PAGING.locations.maxLimit,
      handler: gated(
        assets,
        assetList((org) => orgAssets(org).locations, ASSET_PAGING.locations),
      ),
    },
  ];
}
