// CXStats: pure numerics for cxloop's metrics and experiments (see DESIGN.md §3).
