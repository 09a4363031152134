/** The SVG coordinate space of the coverage map (Equal Earth is about 2.05 : 1). */
export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;
