"""petite's Python half: train, export with ExecuTorch, reference vectors, serial plotter."""
