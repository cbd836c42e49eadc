import { BUTTONS } from './page-server.js'

// A string, evaluated in the page: the bench compiles without the DOM library.
const centersScript = `Array.from(document.querySelectorAll('main button'), (button) => {
  const box = button.getBoundingClientRect()
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
})`

/**
 * Viewport coordinates of the center of every button of the test page, `b0` first; `evaluate`
 * runs an expression in the page and answers its value.
 */
export async function buttonCenters(
  evaluate: (expression: string) => Promise<unknown>
): Promise<{ x: number; y: number }[]> {
  const centers = (await evaluate(centersScript)) as { x: number; y: number }[]
  if (centers.length !== BUTTONS)
    throw new Error(`expected ${BUTTONS} buttons, found ${centers.length}`)
  return centers
}
