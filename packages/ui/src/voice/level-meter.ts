/**
 * The microphone's loudness on screen while recording: an analyser on the stream, read once
 * per animation frame and written straight to one element's style (`--aichatkit-voice-level`,
 * 0 to 1), so the meter moves without a React render.
 */
export function startLevelMeter(
  stream: MediaStream,
  element: () => HTMLElement | null,
): () => void {
  if (typeof AudioContext === "undefined") return () => {}
  const context = new AudioContext()
  const analyser = context.createAnalyser()
  analyser.fftSize = 512
  context.createMediaStreamSource(stream).connect(analyser)
  const samples = new Uint8Array(analyser.fftSize)
  let frame = 0
  const draw = () => {
    analyser.getByteTimeDomainData(samples)
    let sum = 0
    for (const sample of samples) sum += ((sample - 128) / 128) ** 2
    // Speech sits far below full scale: scale the RMS up so a normal voice fills the meter.
    const level = Math.min(1, Math.sqrt(sum / samples.length) * 4)
    element()?.style.setProperty("--aichatkit-voice-level", level.toFixed(3))
    frame = requestAnimationFrame(draw)
  }
  frame = requestAnimationFrame(draw)
  return () => {
    cancelAnimationFrame(frame)
    element()?.style.setProperty("--aichatkit-voice-level", "0")
    context.close().catch(() => undefined)
  }
}
