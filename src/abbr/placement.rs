//! Where an abbreviation's tooltip goes: below the word, or above it when there is no room
//! below, shifted sideways to stay inside the viewport, and never over the word itself
//! (WCAG 1.4.13: the content that triggered it stays visible).

/// A rectangle in viewport coordinates (CSS pixels).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The tooltip's top-left corner in viewport coordinates, and whether it sits above the word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// True when flipped above the word.
    pub above: bool,
}

/// Gap between the word and the tooltip, and minimum distance to the viewport edge.
const GAP: f64 = 6.0;
const MARGIN: f64 = 8.0;

/// Places a tooltip of size `tip` (x/y ignored) next to `anchor` within `viewport`.
pub fn place_tooltip(anchor: Rect, tip: Rect, viewport: Rect) -> Placement {
    let below = anchor.y + anchor.height + GAP;
    let fits_below = below + tip.height <= viewport.height - MARGIN;
    let above_y = anchor.y - GAP - tip.height;
    let fits_above = above_y >= MARGIN;
    // Prefer below; flip when only above fits; when neither fits keep the roomier side.
    let above =
        !fits_below && (fits_above || anchor.y > viewport.height - (anchor.y + anchor.height));
    let y = if above { above_y } else { below };
    let max_x = (viewport.width - MARGIN - tip.width).max(MARGIN);
    let x = anchor.x.clamp(MARGIN, max_x);
    Placement { x, y, above }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEWPORT: Rect = Rect {
        x: 0.0,
        y: 0.0,
        width: 360.0,
        height: 640.0,
    };
    const TIP: Rect = Rect {
        x: 0.0,
        y: 0.0,
        width: 200.0,
        height: 40.0,
    };

    fn word(x: f64, y: f64) -> Rect {
        Rect {
            x,
            y,
            width: 40.0,
            height: 20.0,
        }
    }

    fn overlaps(a: Rect, p: Placement, tip: Rect) -> bool {
        p.x < a.x + a.width
            && a.x < p.x + tip.width
            && p.y < a.y + a.height
            && a.y < p.y + tip.height
    }

    #[test]
    fn below_by_default() {
        let p = place_tooltip(word(50.0, 100.0), TIP, VIEWPORT);
        assert_eq!(
            p,
            Placement {
                x: 50.0,
                y: 126.0,
                above: false
            }
        );
    }

    #[test]
    fn flips_above_near_the_bottom_edge() {
        let a = word(50.0, 600.0);
        let p = place_tooltip(a, TIP, VIEWPORT);
        assert!(p.above);
        assert_eq!(p.y, 554.0);
        assert!(!overlaps(a, p, TIP));
    }

    #[test]
    fn shifts_left_near_the_right_edge_and_right_near_the_left_edge() {
        let p = place_tooltip(word(330.0, 100.0), TIP, VIEWPORT);
        assert_eq!(p.x, 152.0);
        assert!(p.x + TIP.width <= VIEWPORT.width - MARGIN);
        let p = place_tooltip(word(-20.0, 100.0), TIP, VIEWPORT);
        assert_eq!(p.x, MARGIN);
    }

    #[test]
    fn never_covers_the_word() {
        for y in [0.0, 10.0, 300.0, 590.0, 620.0] {
            for x in [0.0, 100.0, 340.0] {
                let a = word(x, y);
                assert!(
                    !overlaps(a, place_tooltip(a, TIP, VIEWPORT), TIP),
                    "{x},{y}"
                );
            }
        }
    }
}
