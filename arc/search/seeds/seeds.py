from dsl import *
from constants import *


def solve_mirror_v(I):
    O = vmirror(I)
    return O


def solve_mirror_h(I):
    O = hmirror(I)
    return O


def solve_transpose(I):
    O = dmirror(I)
    return O


def solve_turn(I):
    O = rot90(I)
    return O


def solve_half_turn(I):
    O = rot180(I)
    return O


def solve_side_by_side(I):
    x1 = vmirror(I)
    O = hconcat(I, x1)
    return O


def solve_stacked(I):
    x1 = hmirror(I)
    O = vconcat(I, x1)
    return O


def solve_four_way(I):
    x1 = vmirror(I)
    x2 = hconcat(I, x1)
    x3 = hmirror(x2)
    O = vconcat(x2, x3)
    return O


def solve_zoom(I):
    O = upscale(I, TWO)
    return O


def solve_shrink(I):
    O = downscale(I, TWO)
    return O


def solve_squeeze(I):
    O = compress(I)
    return O


def solve_biggest_object(I):
    x1 = objects(I, T, T, T)
    x2 = argmax(x1, size)
    O = subgrid(x2, I)
    return O


def solve_smallest_object(I):
    x1 = objects(I, F, T, T)
    x2 = argmin(x1, size)
    O = subgrid(x2, I)
    return O


def solve_recolor_rare(I):
    x1 = leastcolor(I)
    x2 = mostcolor(I)
    O = replace(I, x1, x2)
    return O


def solve_fill_background(I):
    x1 = mostcolor(I)
    x2 = shape(I)
    O = canvas(x1, x2)
    return O


def solve_drop_down(I):
    x1 = objects(I, T, T, T)
    x2 = merge(x1)
    O = move(I, x2, DOWN)
    return O


def solve_fill_holes(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = rbind(bordering, I)
    x4 = compose(flip, x3)
    x5 = sfilter(x2, x4)
    x6 = merge(x5)
    O = fill(I, FOUR, x6)
    return O


def solve_outline(I):
    x1 = objects(I, T, F, T)
    x2 = mapply(delta, x1)
    O = fill(I, EIGHT, x2)
    return O


def solve_top(I):
    O = tophalf(I)
    return O


def solve_left(I):
    O = lefthalf(I)
    return O
