// The geometry of a geo search (geohash_helper.c): haversine distances, shape tests and the nine cells that cover a shape.
import { GEO_STEP_MAX, cellArea, encodeCell, neighbourCells, type GeoCell } from './geo-search-hash.js';
import { asin, cos, sin } from './geo-search-libm.js';

const D_R = Math.PI / 180;
const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;

/** A search centre and either a radius or a width × height box, in the unit `conversion` metres. */
export type GeoShape =
  | { kind: 'radius'; lon: number; lat: number; conversion: number; radius: number }
  | { kind: 'box'; lon: number; lat: number; conversion: number; width: number; height: number };

const rad = (deg: number): number => deg * D_R;
const deg = (r: number): number => r / D_R;

/** geohashGetLatDistance: along a meridian, asin(sin(x)) taken as x. */
function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(rad(lat2) - rad(lat1));
}

/** geohashGetDistance: haversine, with the same evaluation order as the C expression. */
export function geoDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const v = sin((rad(lon2) - rad(lon1)) / 2);
  if (v === 0) return latDistance(lat1, lat2);
  const lat1r = rad(lat1);
  const lat2r = rad(lat2);
  const u = sin((lat2r - lat1r) / 2);
  const a = u * u + cos(lat1r) * cos(lat2r) * v * v;
  return 2 * EARTH_RADIUS_IN_METERS * asin(Math.sqrt(a));
}

/** geoWithinShape after decoding: the distance from the centre (metres), or null when the point is outside. */
export function distanceIfInside(shape: GeoShape, lon: number, lat: number): number | null {
  if (shape.kind === 'radius') {
    const d = geoDistance(shape.lon, shape.lat, lon, lat);
    return d > shape.radius * shape.conversion ? null : d;
  }
  // geohashGetDistanceIfInRectangle: latitude first (cheaper), then longitude along the point's parallel.
  if (latDistance(lat, shape.lat) > (shape.height * shape.conversion) / 2) return null;
  if (geoDistance(lon, lat, shape.lon, lat) > (shape.width * shape.conversion) / 2) return null;
  return geoDistance(shape.lon, shape.lat, lon, lat);
}

/** geohashEstimateStepsByRadius. */
function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return GEO_STEP_MAX;
  let step = 1;
  for (let r = rangeMeters; r < MERCATOR_MAX; r *= 2) step++;
  step -= 2;
  // Cells shrink in longitude toward the poles.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  return Math.min(Math.max(step, 1), GEO_STEP_MAX);
}

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat], widest at the parallel farther from the equator. */
function boundingBox(shape: GeoShape): [number, number, number, number] {
  const height = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.width / 2);
  const latDelta = deg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = deg(width / EARTH_RADIUS_IN_METERS / cos(rad(shape.lat + latDelta)));
  const lonDeltaBottom = deg(width / EARTH_RADIUS_IN_METERS / cos(rad(shape.lat - latDelta)));
  const lonDelta = shape.lat < 0 ? lonDeltaBottom : lonDeltaTop;
  return [shape.lon - lonDelta, shape.lat - latDelta, shape.lon + lonDelta, shape.lat + latDelta];
}

/**
 * geohashCalculateAreasByShapeWGS84 + membersOfAllNeighbors' order: the centre cell then N, S, E, W, NE, NW,
 * SE, SW; null marks a neighbour excluded because the shape's bounding box does not reach it.
 */
export function searchCells(shape: GeoShape): (GeoCell | null)[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const radiusMeters =
    shape.conversion * (shape.kind === 'radius' ? shape.radius : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2)));
  let steps = estimateSteps(radiusMeters, shape.lat);
  let cell = encodeCell(shape.lon, shape.lat, steps);
  let around = neighbourCells(cell);
  // A centre near its cell's edge may need a coarser step for the neighbours to cover the whole shape.
  const tooSmall =
    cellArea(around.n).latMax < maxLat || cellArea(around.s).latMin > minLat || cellArea(around.e).lonMax < maxLon || cellArea(around.w).lonMin > minLon;
  if (steps > 1 && tooSmall) {
    steps--;
    cell = encodeCell(shape.lon, shape.lat, steps);
    around = neighbourCells(cell);
  }
  const area = cellArea(cell);
  const drop = new Set<string>();
  if (steps >= 2) {
    if (area.latMin < minLat) ['s', 'sw', 'se'].forEach((d) => drop.add(d));
    if (area.latMax > maxLat) ['n', 'ne', 'nw'].forEach((d) => drop.add(d));
    if (area.lonMin < minLon) ['w', 'sw', 'nw'].forEach((d) => drop.add(d));
    if (area.lonMax > maxLon) ['e', 'se', 'ne'].forEach((d) => drop.add(d));
  }
  const order = ['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw'] as const;
  return [cell, ...order.map((d) => (drop.has(d) ? null : around[d]))];
}
