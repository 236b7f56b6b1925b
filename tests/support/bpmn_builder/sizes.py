"""Sizes and spacing of shapes, lanes and labels, in pixels."""
from __future__ import annotations

TASK_SIZE = (100, 80)
EVENT_SIZE = (36, 36)
GATEWAY_SIZE = (50, 50)

POOL_HEADER = 30          # vertical band holding the pool's name
LANE_HEADER = 30          # vertical band holding each lane's name
CONTENT_LEFT = 50         # from the lane header to the first column
CONTENT_RIGHT = 50        # after the last column
COLUMN_GAP = 60           # least horizontal gap between columns
TRACK_PAD = 30            # space above and below the tallest node of a track
MIN_TRACK = 140           # least height of a track (one row of nodes within a lane)
BOUNDARY_ROOM = 30        # extra height of a track whose nodes carry boundary events
LOOP_CHANNEL = 24         # height of the channel for each back edge at the bottom of a lane
SUB_PAD = (30, 40, 30, 30)  # expanded sub-process padding: left, top (name), right, bottom
LABEL_MAX_WIDTH = 90      # bpmn-js wraps external labels at about this width
LABEL_LINE = 14           # line height of an 11px label
MARGIN = 4                # clearance kept between edges/labels and shapes
