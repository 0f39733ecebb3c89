"""scratchnn: neural networks from scratch in NumPy -- a library that learns, a gradient checker
that says what is wrong with yours, and a training doctor that says why it does not learn."""
from . import datasets, doctor, init, testing
from .batchnorm import BatchNorm1D, BatchNorm2D
from .conv import Conv2D
from .activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from .callbacks import Callback, EarlyStopping, History, ProgressBar
from .doctor import Doctor, DoctorCallback, DoctorReport, Finding, observe
from .gradchecker import GradReport, ParamResult, gradcheck, gradcheck_layer, gradcheck_pair, gradcheck_torch
from .layers import Dense, Layer
from .losses import MSE, BinaryCrossEntropy, CrossEntropy
from .model import Sequential, load
from .optim import SGD, Adam
from .pooling import AvgPool2D, MaxPool2D
from .preprocessing import MinMaxScaler, StandardScaler
from .reshaping import Dropout, Flatten
from .schedules import CosineDecay, ExponentialDecay, StepDecay
from .torch_bridge import from_torch
from .validation import InputError

__version__ = "0.1.0"
