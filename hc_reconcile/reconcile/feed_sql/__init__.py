"""One SELECT per correction feed (CONTRACT §2), over D's detections and the run's inputs."""
