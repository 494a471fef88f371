import { useFormat } from "./i18n";

/** How many of those asked have acknowledged, as a meter and a percentage, with "given of expected" in words. */
export function ShareMeter({ given, expected, words }: { given: number; expected: number; words: string }) {
  const f = useFormat();
  const share = expected ? given / expected : 1;
  return (
    <span className="meter-wrap">
      <meter min={0} max={1} value={share} low={0.5} high={0.9} optimum={1} aria-hidden="true" />
      <span>
        {f.percent(share)} <span className="hint">({words})</span>
      </span>
    </span>
  );
}
