// What the page takes from vis-network (kg/view/static/js/main.js): `vis.Network` and
// `vis.DataSet`, from the builds of vis-network and vis-data that bundle no polyfills.
export { Network } from "vis-network/esnext/esm/vis-network.js";
export { DataSet } from "vis-data/esnext/esm/vis-data.js";
