"""Seed 000's task with scratchnn: predict the next number from the 3 before it (3-4-1 ReLU)."""
import scratchnn as snn

data = snn.datasets.next_number()
scaler = snn.StandardScaler().fit(data.X)          # inputs on a unit scale
model = snn.Sequential([snn.Dense(3, 4), snn.ReLU(), snn.Dense(4, 1)], seed=0)
history = model.fit(scaler.transform(data.X), data.y, loss="mse", epochs=5000, doctor=True)
print(f"train MSE after {history.epochs} epochs: {history.loss[-1]:.4f}")
for window, truth, guess in zip(data.X_test, data.y_test, model.predict(scaler.transform(data.X_test)).ravel()):
    print(f"after {window} the next number is {truth}; the network says {guess:.2f}")
print(history.doctor)
