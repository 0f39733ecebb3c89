"""Seed 002's network with scratchnn: 12288-64-1, ReLU then sigmoid, on ten 64x64x3 photos (0-255)."""
import scratchnn as snn

data = snn.datasets.cat_photos()
X = snn.StandardScaler().fit_transform(data.X)     # raw 0-255 pixels are what broke seed 002
model = snn.Sequential([snn.Dense(12288, 64), snn.ReLU(), snn.Dense(64, 1), snn.Sigmoid()], seed=0)
history = model.fit(X, data.y, loss="bce", epochs=300)
print(f"BCE after {history.epochs} epochs: {history.loss[-1]:.2e}; accuracy {history.metrics['accuracy'][-1]:.0%}")
for name, p in zip(data.extra["names"], model.predict(X).ravel()):
    print(f"{name:<36} P(cat) = {p:.3f}")
