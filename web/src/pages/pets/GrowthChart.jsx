// GrowthChart.jsx -- the line chart of a pet's growth diary: weight over
// time (left axis, kg) and, when any record has one, length (right axis,
// cm). Chart.js (bundled by Vite) draws on a canvas; the canvas is an
// image whose text alternative names the range and points to the table
// of records (describedBy), which holds every value the chart shows.
import { useEffect, useRef } from "preact/hooks";
import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Tooltip,
  Legend,
} from "chart.js";
import { t } from "../../lib/i18n.js";
import { formatDate } from "../../lib/format.js";

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

const WEIGHT_COLOUR = "#1f6f4a";
const LENGTH_COLOUR = "#7a1f3d";

function config(records) {
  const hasLength = records.some((r) => r.lengthCm !== null);
  const datasets = [
    {
      label: t("growth.chart.weight"),
      data: records.map((r) => r.weightKg),
      borderColor: WEIGHT_COLOUR,
      backgroundColor: WEIGHT_COLOUR,
      yAxisID: "kg",
      tension: 0.2,
    },
  ];
  const scales = {
    x: { ticks: { color: "#333" } },
    kg: { type: "linear", position: "left", title: { display: true, text: "kg" }, ticks: { color: "#333" } },
  };
  if (hasLength) {
    datasets.push({
      label: t("growth.chart.length"),
      data: records.map((r) => r.lengthCm),
      borderColor: LENGTH_COLOUR,
      backgroundColor: LENGTH_COLOUR,
      borderDash: [6, 4],
      yAxisID: "cm",
      spanGaps: true,
      tension: 0.2,
    });
    scales.cm = {
      type: "linear",
      position: "right",
      title: { display: true, text: "cm" },
      grid: { drawOnChartArea: false },
      ticks: { color: "#333" },
    };
  }
  return {
    type: "line",
    data: { labels: records.map((r) => formatDate(r.date)), datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      scales,
      plugins: { legend: { labels: { color: "#333" } } },
    },
  };
}

export function GrowthChart({ records, describedBy }) {
  const canvas = useRef(null);
  useEffect(() => {
    const chart = new Chart(canvas.current, config(records));
    return () => chart.destroy();
  }, [records]);
  const first = records[0];
  const last = records[records.length - 1];
  const label = t("growth.chart.alt", {
    n: records.length,
    from: formatDate(first.date),
    to: formatDate(last.date),
  });
  return (
    <div class="growth-chart card">
      <canvas ref={canvas} role="img" aria-label={label} aria-describedby={describedBy} data-testid="growth-chart" />
    </div>
  );
}
