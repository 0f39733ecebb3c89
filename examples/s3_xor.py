"""XOR with 2-3-1 sigmoid (the answer in seed 002) in 2,000 epochs instead of 50,000.

2-3-1 sigmoid XOR has real local minima; Glorot init (the default before a sigmoid) with SGD,
momentum 0.9 and lr 0.5 on MSE gets out of them."""
import scratchnn as snn

data = snn.datasets.xor()
model = snn.Sequential([snn.Dense(2, 3), snn.Sigmoid(), snn.Dense(3, 1), snn.Sigmoid()], seed=0)
model.fit(data.X, data.y, loss="mse", optimizer=snn.SGD(0.5, momentum=0.9), epochs=2000)
for x, y, p in zip(data.X, data.y, model.predict(data.X).ravel()):
    print(f"{x} -> {p:.3f} (want {y:.0f})")
