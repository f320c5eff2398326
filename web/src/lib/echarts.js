// Apache ECharts, tree-shaken to what the dashboard draws (bar and line
// charts, grid, tooltip, legend; canvas renderer). Loaded lazily by
// components/Chart.svelte so the first page does not pay for it.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
