// The phone's call alert where the phone allows it: vibration, and a short two-tone chime made
// with WebAudio (the lobby's "ding-dong", E5 then C5). Browsers allow sound only after a tap.

const DING_HZ = 659.25;
const DONG_HZ = 523.25;
const DONG_AFTER_S = 0.32;
let context = null;

function audioContextClass() {
  return typeof window === "undefined" ? null : window.AudioContext || window.webkitAudioContext || null;
}

// Whether this phone can make any alert at all (sound or vibration).
export function alertsAvailable() {
  return Boolean(audioContextClass()) || (typeof navigator !== "undefined" && typeof navigator.vibrate === "function");
}

// Start the audio engine; call it from a tap. Resolves to whether sound can now play.
export async function unlockSound() {
  const Context = audioContextClass();
  if (!Context) return false;
  try {
    if (!context) context = new Context();
    if (context.state !== "running") await context.resume();
  } catch (error) {
    return false;
  }
  return context.state === "running";
}

// One struck tone: a soft attack and an exponential fade, with a quiet octave above.
function bell(start, frequency) {
  const gain = context.createGain();
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.5, start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.9);
  gain.connect(context.destination);
  for (const [multiple, level] of [[1, 0.8], [2, 0.2]]) {
    const oscillator = context.createOscillator();
    const partial = context.createGain();
    oscillator.frequency.value = frequency * multiple;
    partial.gain.value = level;
    oscillator.connect(partial).connect(gain);
    oscillator.start(start);
    oscillator.stop(start + 0.95);
  }
}

// Play the chime `times` times; false when sound is not unlocked.
export function playChime(times = 1) {
  if (!context || context.state !== "running") return false;
  const start = context.currentTime + 0.05;
  for (let i = 0; i < times; i += 1) {
    bell(start + i * 1.1, DING_HZ);
    bell(start + i * 1.1 + DONG_AFTER_S, DONG_HZ);
  }
  return true;
}

// Vibrate with a pattern where the phone can (not on iPhones); never throws.
export function vibrate(pattern) {
  try {
    return typeof navigator.vibrate === "function" ? navigator.vibrate(pattern) : false;
  } catch (error) {
    return false;
  }
}
