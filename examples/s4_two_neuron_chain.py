"""Seed 003's two-neuron sigmoid chain (2-1-1) learning AND, with the library's defaults."""
import scratchnn as snn

data = snn.datasets.and_gate()
model = snn.Sequential([snn.Dense(2, 1), snn.Sigmoid(), snn.Dense(1, 1), snn.Sigmoid()], seed=0)
history = model.fit(data.X, data.y, loss="mse", epochs=2000)
print(f"MSE {history.loss[0]:.3f} -> {history.loss[-1]:.4f}")
for x, y, p in zip(data.X, data.y, model.predict(data.X).ravel()):
    print(f"{x} -> {p:.3f} (want {y:.0f})")
