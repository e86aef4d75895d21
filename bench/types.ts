/** One benchmark figure, printed beside a floor measured in the same run. */
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  floor: number;
  floorLabel: string;
  target?: string;
}
