export { launchChromiumCdp, type ChromiumCdp } from './cdp.js'
export {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  launchChromium,
  launchChromiumProfile,
  type ChromiumProfile,
  type ChromiumProfileOptions,
} from './launch.js'
