import type { MetricSink } from './sink';

/**
 * Makes `create` return one shared instance per sink, so that every layer writing to a sink uses
 * the same recorder (and the same resolved cells) for it.
 */
export function perSink<Recorder>(create: (sink: MetricSink) => Recorder): (sink: MetricSink) => Recorder {
  const recorders = new WeakMap<MetricSink, Recorder>();
  return (sink) => {
    let recorder = recorders.get(sink);
    if (recorder === undefined) {
      recorder = create(sink);
      recorders.set(sink, recorder);
    }
    return recorder;
  };
}
