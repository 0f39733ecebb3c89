"""Seed 003: "Self made backpropagation doesnt work in python (2-neuron-network)".

The asker's own ``training``, ``neuron1``, ``neuron2`` and ``a``, transcribed faithfully
(indentation restored).

Supplied (missing from the post): the data, AND of two bits as in the answer, and ``run(epochs)``
calling ``training`` once per epoch and feeding back the weights it returns, starting from
``training``'s own defaults (all weights and biases 0). ``import math`` moves to the top.

Added (3 lines): ``import scratchnn``; in ``training``, before the update, ``h = [...]`` (the
hidden neuron's output for each sample, from the asker's ``neuron1``) and one
``scratchnn.observe(...)`` call. ``neuron1`` and ``neuron2`` already apply the sigmoid, so
``yhat = a(z2)`` is a sigmoid of a sigmoid.

What it shows: all weights start at 0; the loss falls from 0.326 to 0.25 and sits there; the
hidden sigmoid ``neuron1`` saturates at 1, ``neuron2`` at 0, the output is 0.5 for every sample,
and 0.25 is the loss of predicting 0.5 (and of predicting 0) for AND.
"""
import math

import scratchnn

data = [[0, 0], [0, 1], [1, 0], [1, 1]]
y = [0, 0, 0, 1]


def training(x_data, labels, w11=0, w12=0, w2=0, b1=0, b2=0, alpha=0.1):
    w11_list = []
    w12_list = []
    b1_list = []
    w2_list = []
    b2_list = []

    L_list = []

    for i in range(len(x_data)):
        z1 = neuron1(x_data[i][0], x_data[i][1], w11=w11, w12=w12, b1=b1)
        z2 = neuron2(z1, w2=w2, b2=b2)
        yhat = a(z2) # calculate the output of the neural net

        e = labels[i] - yhat # calculate error (Labels[i]=true_value)

        L_list.append(e**2)

        w_n2 = -2*e*a(z1)*(yhat*(1-yhat)) # formular to update weight
        w2_list.append(w_n2) # added to list to take the mean
        b_n2 = -2*e*(yhat*(1-yhat)) # formular to update bias
        b2_list.append(b_n2) # added to list to take the mean

        w1_n1 = -2*e*x_data[i][0]*w2*(yhat*(1-yhat))*(a(z1)*(1-a(z1))) #... (same as above just other weights and biases so the formular changes)
        w11_list.append(w1_n1) # ...
        w2_n1 = -2*e*x_data[i][1]*w2*(yhat*(1-yhat))*a(z1)*(1-a(z1)) # ...
        w12_list.append(w2_n1) # ...
        b_n1 = -2*e*w2*(yhat*(1-yhat))*(a(z1)*(1-a(z1))) # ...
        b1_list.append(b_n1) # ...

    h = [neuron1(x[0], x[1], w11=w11, w12=w12, b1=b1) for x in x_data]
    scratchnn.observe(loss=sum(L_list)/len(L_list), lr=alpha, params={"w11": w11, "w12": w12, "b1": b1, "w2": w2, "b2": b2}, grads={"w11": sum(w11_list)/len(w11_list), "w12": sum(w12_list)/len(w12_list), "b1": sum(b1_list)/len(b1_list), "w2": sum(w2_list)/len(w2_list), "b2": sum(b2_list)/len(b2_list)}, activations={"neuron1": h, "neuron2": [neuron2(v, w2=w2, b2=b2) for v in h]}, activation_kinds={"neuron1": "sigmoid", "neuron2": "sigmoid"}, inputs=x_data, targets=labels, predictions=[a(neuron2(v, w2=w2, b2=b2)) for v in h])

    w11_sum = sum(w11_list)/len(w11_list) # average w11 value
    delta_w11 = -alpha*w11_sum # multiplied with learning_rate=alpha
    w11 = w11 + delta_w11 # added to old w11 value

    w12_sum = sum(w12_list)/len(w12_list) # ... (basically the same as above but different weight)
    delta_w12 = -alpha*w12_sum # ...
    w12 = w12 + delta_w12 # ...

    b1_sum = sum(b1_list)/len(b1_list) # ...
    delta_b1 = -alpha*b1_sum  # ...
    b1 = b1 + delta_b1 # ...

    w2_sum = sum(w2_list)/len(w2_list) # ...
    delta_w2 = -alpha*w2_sum  # ...
    w2 = w2 + delta_w2 # ...

    b2_sum = sum(b2_list)/len(b2_list) # ...
    delta_b2 = -alpha*b2_sum # ...
    b2 = b2 + delta_b2 # ....

    L_mean = sum(L_list)/len(L_list) # calculating the loss
    print(L_mean)


    return w11, w12, w2, b1, b2


def neuron1(x1: input, x2: input, w11, w12, b1):
    z = w11*x1+w12*x2+b1
    y = a(z)
    return y

def neuron2(y, w2, b2):
    z = w2*y+b2
    y = a(z)
    return y

def a(z):
    return 1/(1+math.e**-z)


def run(epochs=1000):
    w11 = w12 = w2 = b1 = b2 = 0
    for epoch in range(epochs):
        w11, w12, w2, b1, b2 = training(data, y, w11, w12, w2, b1, b2)
    return w11, w12, w2, b1, b2


if __name__ == "__main__":
    run()
