// Epoch metrics plotted with uPlot as they arrive: one line per metric, epochs along the bottom.
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d'];

export class MetricsChart {
  constructor(box, onCount) {
    this.box = box;
    this.onCount = onCount;
    this.epochs = [];
    this.values = new Map();
    this.plot = null;
  }

  add(point) {
    let i = this.epochs.indexOf(point.epoch);
    if (i < 0) {
      this.epochs.push(point.epoch);
      i = this.epochs.length - 1;
    }
    let grew = false;
    Object.entries(point.metrics || {}).forEach(([name, v]) => {
      if (!this.values.has(name)) {
        this.values.set(name, []);
        grew = true;
      }
      this.values.get(name)[i] = v;
    });
    this.values.forEach((vs) => { vs.length = this.epochs.length; });
    this.draw(grew);
    this.onCount(this.epochs.length);
  }

  data() {
    return [this.epochs.slice(), ...[...this.values.values()].map((vs) => Array.from(vs, (v) => v ?? null))];
  }

  draw(rebuild) {
    if (this.plot && !rebuild) {
      this.plot.setData(this.data());
      return;
    }
    this.destroy();
    const names = [...this.values.keys()];
    const opts = {
      width: Math.max(320, this.box.clientWidth || 720),
      height: 260,
      scales: { x: { time: false } },
      axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, {}],
      series: [{ label: 'epoch' }, ...names.map((n, k) => ({ label: n, stroke: COLOURS[k % COLOURS.length],
        width: 2, points: { show: true } }))],
    };
    this.plot = new window.uPlot(opts, this.data(), this.box);
  }

  destroy() {
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
    }
  }
}
